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
// The root action: `OWNER/scalingo-actions@v1` (or `./` after a checkout), read from ./action.yml.
const ROOT_ACTION = /^(?:\.\/|OWNER\/scalingo-actions@v1)$/;
const manifestOf = (action: string) =>
  action === '.'
    ? (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ReturnType<typeof readManifest>)
    : readManifest(action);

const files = ['.github/workflows', 'docs/examples'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(dir, f)),
);

function ourSteps(file: string): { action: string; step: Step }[] {
  const workflow = parse(readFileSync(join(ROOT, file), 'utf8')) as { jobs?: Record<string, { steps?: Step[] }> };
  return Object.values(workflow.jobs ?? {}).flatMap((job) =>
    (job.steps ?? []).flatMap((step) => {
      if (ROOT_ACTION.test(step.uses ?? '')) return [{ action: '.', step }];
      const match = OUR_ACTION.exec(step.uses ?? '');
      return match ? [{ action: match[1]!, step }] : [];
    }),
  );
}

describe('workflows that use our actions', () => {
  it("README's quick start is docs/examples/quick-start.yml (which actionlint checks)", () => {
    const file = readFileSync(join(ROOT, 'docs/examples/quick-start.yml'), 'utf8');
    const yaml = file
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n')
      .trim();
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const quickStart = /## Quick start\n\n```yaml\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(quickStart).toBe(yaml);
    expect(yaml.split('\n').length).toBeLessThanOrEqual(22);
  });

  it('include the examples, the reusable workflows and the smoke job', () => {
    const used = new Set(files.flatMap((file) => ourSteps(file).map((s) => s.action)));
    expect([...used].sort()).toEqual(['.', ...actionNames()]);
  });

  it.each(files)('%s passes only declared inputs, and every required one', (file) => {
    for (const { action, step } of ourSteps(file)) {
      const inputs = manifestOf(action).inputs ?? {};
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
