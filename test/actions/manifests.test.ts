// No linter accepts a node24 action.yml yet, so this is our check of every manifest: runtime,
// bundle path, and no drift between the inputs/outputs the code uses and those declared.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, actionNames, readManifest, renderActionReadme } from '../../scripts/action-docs.ts';

const INPUT_CALL =
  /\.(?:raw|optional|required|boolean|duration|oneOf|lines|url|positiveInteger)\(\s*['"]([a-z0-9-]+)['"]/g;
const OUTPUT_CALL = /setOutput\(\s*['"]([a-z0-9-]+)['"]/g;
const IMPORT = /from\s+['"](\.[^'"]+\.ts)['"]/g;

/** Source files reachable from `entry` through relative imports, inside src/. */
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file) || !file.startsWith(join(ROOT, 'src'))) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) visit(resolve(dirname(file), m[1]!));
  };
  visit(entry);
  return [...seen];
}

function namesIn(files: string[], pattern: RegExp): string[] {
  const names = new Set<string>();
  for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(pattern)) names.add(m[1]!);
  return [...names].sort();
}

const names = actionNames();

describe.runIf(names.length > 0)('actions/*/action.yml', () => {
  it.each(names)('%s runs on node24 from its committed bundle', (name) => {
    const manifest = readManifest(name);
    expect(manifest.runs.using).toBe('node24');
    expect(manifest.runs.main).toBe(`../../dist/${name}/index.js`);
    expect(existsSync(join(ROOT, 'actions', name, manifest.runs.main))).toBe(true);
    expect(JSON.parse(readFileSync(join(ROOT, 'dist', name, 'package.json'), 'utf8'))).toEqual({ type: 'module' });
  });

  it.each(names)('%s declares exactly the inputs its code reads', (name) => {
    const read = namesIn(reachable(join(ROOT, 'src/actions', name, 'inputs.ts')), INPUT_CALL);
    expect(Object.keys(readManifest(name).inputs ?? {}).sort()).toEqual(read);
  });

  it.each(names)('%s declares exactly the outputs its code sets', (name) => {
    const set = namesIn(reachable(join(ROOT, 'src/actions', name, 'run.ts')), OUTPUT_CALL);
    expect(Object.keys(readManifest(name).outputs ?? {}).sort()).toEqual(set);
  });

  it.each(names)('%s describes every input and output, and keeps the token a secret', (name) => {
    const manifest = readManifest(name);
    for (const spec of [...Object.values(manifest.inputs ?? {}), ...Object.values(manifest.outputs ?? {})]) {
      expect(spec.description.trim().length).toBeGreaterThan(10);
    }
    expect(manifest.inputs?.['api-token']?.default ?? '').toBe('');
  });

  it.each(names)('%s README is generated from action.yml (run `npm run docs`)', (name) => {
    expect(readFileSync(join(ROOT, 'actions', name, 'README.md'), 'utf8')).toBe(renderActionReadme(name));
  });
});

describe('the root action.yml (uses: OWNER/scalingo-actions@v1)', () => {
  const root = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    name: string;
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { description: string }>;
    runs: { using: string; main: string; post?: string };
  };
  const paths = ['deploy', 'deploy-production', 'review-app'];

  it('runs the flow bundle on node24, with a Marketplace name none of the per-action manifests has', () => {
    expect(root.runs).toMatchObject({ using: 'node24', main: 'dist/flow/index.js', post: 'dist/flow/index.js' });
    expect(existsSync(join(ROOT, root.runs.main))).toBe(true);
    expect(names.map((name) => readManifest(name).name)).not.toContain(root.name);
  });

  it('declares what the flow reads itself, and otherwise only inputs of the actions it stands for', () => {
    const own = namesIn([join(ROOT, 'src/actions/flow/inputs.ts')], INPUT_CALL);
    const declared = Object.keys(root.inputs);
    expect(own.filter((name) => !declared.includes(name))).toEqual([]);
    const passable = new Set(paths.flatMap((name) => Object.keys(readManifest(name).inputs ?? {})));
    expect(declared.filter((name) => !own.includes(name) && !passable.has(name))).toEqual([]);
    expect(root.inputs['api-token']?.default ?? '').toBe('');
  });

  it('declares `flow` and every output of the actions it stands for that it documents', () => {
    const set = new Set([
      'flow',
      ...paths.flatMap((name) => namesIn(reachable(join(ROOT, 'src/actions', name, 'run.ts')), OUTPUT_CALL)),
    ]);
    expect(Object.keys(root.outputs).filter((name) => !set.has(name))).toEqual([]);
    expect(Object.keys(root.outputs)).toContain('flow');
  });
});
