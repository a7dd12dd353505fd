// GitHub's own actions used in our workflows and in what users copy (examples, README, USAGE.md)
// must be on a major whose action.yml runs on node24: the node20 majors no longer run on the
// hosted runners. One major per action everywhere, so a Dependabot bump of .github/workflows
// fails here until the documentation follows.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, actionNames } from '../../scripts/action-docs.ts';

// The first major whose action.yml says `runs.using: node24` (read from each repository's tags:
// checkout v4 and setup-node v4 are node20, v5 onwards node24; codeql-action v3 is node20, v4 node24;
// create-github-app-token v2 is node20, v3 node24).
const FIRST_NODE24_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/create-github-app-token': 3,
  'github/codeql-action': 4,
};

const GITHUB_MADE = /^(actions|github)\//;
const USES = /^\s*(?:-\s*)?uses:\s*['"]?([^\s'"#]+)/gm;

const files = [
  ...['.github/workflows', 'docs/examples'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(dir, f)),
  ),
  'README.md',
  ...actionNames()
    .map((name) => join('actions', name, 'USAGE.md'))
    .filter((f) => existsSync(join(ROOT, f))),
];

interface Use {
  file: string;
  action: string;
  ref: string;
}

const uses: Use[] = files.flatMap((file) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(USES)].flatMap((m): Use[] => {
    const [path = '', ref = ''] = m[1]!.split('@');
    if (!GITHUB_MADE.test(path)) return [];
    return [{ file, action: path.split('/').slice(0, 2).join('/'), ref }];
  }),
);

describe("GitHub's own actions", () => {
  it('are used somewhere (the scan found them)', () => {
    expect(uses.map((u) => u.action)).toContain('actions/checkout');
  });

  it.each(uses.map((u) => [`${u.file}: ${u.action}@${u.ref}`, u] as const))('%s runs on node24', (_, use) => {
    const first = FIRST_NODE24_MAJOR[use.action];
    expect(first, `${use.action}: add the first major whose action.yml uses node24 to the table`).toBeDefined();
    const major = /^v(\d+)$/.exec(use.ref);
    expect(major, `${use.file}: pin ${use.action} to its major tag (vN)`).not.toBeNull();
    expect(Number(major![1])).toBeGreaterThanOrEqual(first!);
  });

  it('are on one major each across workflows, examples and docs', () => {
    const majors = new Map<string, Set<string>>();
    for (const use of uses) majors.set(use.action, (majors.get(use.action) ?? new Set()).add(use.ref));
    const mixed = [...majors].filter(([, refs]) => refs.size > 1).map(([action, refs]) => `${action}: ${[...refs]}`);
    expect(mixed).toEqual([]);
  });
});
