// The example and reusable workflows are what users copy: every `with:` they pass to one of our
// actions must be an input that action declares, and every required input must be there.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, actionNames, readManifest } from '../../scripts/action-docs.ts';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

// `./actions/x` (CI's smoke job, after a checkout), `$/actions/x` (the reusable workflows: this repository at
// the workflow's own commit) or `OWNER/scalingo-actions/actions/x@v1` (what users write).
const OUR_ACTION = /^(?:\.\/actions\/|\$\/actions\/|OWNER\/scalingo-actions\/actions\/)([a-z-]+)(?:@v1)?$/;

const files = ['.github/workflows', 'docs/examples'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(dir, f)),
);

function ourSteps(file: string): { action: string; step: Step }[] {
  const workflow = parse(readFileSync(join(ROOT, file), 'utf8')) as { jobs?: Record<string, { steps?: Step[] }> };
  return Object.values(workflow.jobs ?? {}).flatMap((job) =>
    (job.steps ?? []).flatMap((step) => {
      const match = OUR_ACTION.exec(step.uses ?? '');
      return match ? [{ action: match[1]!, step }] : [];
    }),
  );
}

describe('workflows that use our actions', () => {
  it('include the examples, the reusable workflows and the smoke job', () => {
    const used = new Set(files.flatMap((file) => ourSteps(file).map((s) => s.action)));
    expect([...used].sort()).toEqual(actionNames());
  });

  it.each(files)('%s passes only declared inputs, and every required one', (file) => {
    for (const { action, step } of ourSteps(file)) {
      const inputs = readManifest(action).inputs ?? {};
      const passed = Object.keys(step.with ?? {});
      expect(
        passed.filter((name) => !(name in inputs)),
        `${file}: ${action}`,
      ).toEqual([]);
      const required = Object.entries(inputs)
        .filter(([, spec]) => spec.required && spec.default === undefined)
        .map(([name]) => name);
      expect(
        required.filter((name) => !passed.includes(name)),
        `${file}: ${action}`,
      ).toEqual([]);
    }
  });
});
