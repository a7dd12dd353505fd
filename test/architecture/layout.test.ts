// The house rules of src/, checked: the parts and which may import which (README, Development), no
// import circle, no file past 250 lines, and @actions/core reached from one module only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;
const sources = files(SRC);
const imports = new Map(
  sources.map((file) => {
    const specifiers = [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1]!);
    return [file, specifiers] as const;
  }),
);
const part = (file: string) => relative(SRC, file).split('/')[0]!;
const local = (file: string) =>
  (imports.get(file) ?? []).filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s));

/** Which parts each part may import (besides itself). Types-only imports count too: they couple as much. */
export const ALLOWED: Record<string, string[]> = {
  shared: [],
  types: [],
  scalingo: ['shared'],
  github: ['shared'],
  'post-deploy': ['scalingo', 'shared'],
  'release-notes': ['github', 'shared'],
  variables: ['scalingo', 'shared'],
  sentry: ['shared'],
  aftercare: ['github', 'sentry', 'shared'],
  deploy: ['post-deploy', 'variables', 'scalingo', 'github', 'shared'],
  production: ['deploy', 'post-deploy', 'release-notes', 'variables', 'aftercare', 'scalingo', 'github', 'shared'],
  'review-app': ['deploy', 'post-deploy', 'scalingo', 'github', 'shared'],
  flow: ['production', 'shared'],
  actions: [
    'deploy',
    'post-deploy',
    'production',
    'release-notes',
    'review-app',
    'variables',
    'aftercare',
    'sentry',
    'flow',
    'scalingo',
    'github',
    'shared',
  ],
};

describe('src/ layout', () => {
  it.each(sources.map((f) => [relative(SRC, f)]))('%s stays within 250 lines', (file) => {
    expect(readFileSync(join(SRC, file), 'utf8').split('\n').length).toBeLessThanOrEqual(250);
  });

  it('has only the known parts', () => {
    expect([...new Set(sources.map(part))].sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it.each(sources.map((f) => [relative(SRC, f)]))('%s imports only what its part may', (file) => {
    const from = part(join(SRC, file));
    const reached = local(join(SRC, file))
      .map(part)
      .filter((p) => p !== from);
    expect(reached.filter((p) => !ALLOWED[from]!.includes(p))).toEqual([]);
  });

  it('reaches the runner (@actions/core) through src/actions/runtime.ts only', () => {
    const users = sources.filter((f) => (imports.get(f) ?? []).includes('@actions/core')).map((f) => relative(SRC, f));
    expect(users).toEqual(['actions/runtime.ts']);
  });

  it('has no import circle', () => {
    const circles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        circles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of local(file)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of sources) visit(file, []);
    expect(circles).toEqual([]);
  });
});
