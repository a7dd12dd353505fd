import { describe, expect, it } from 'vitest';
import { GuardRefusal, runGuards, tagForGitRef } from '../../src/production/guards.ts';
import type { GuardGitHub, DeploymentsReader } from '../../src/production/ports.ts';
import { DEFAULT_TAG_PATTERN, parseTagPattern, requireVersion } from '../../src/production/version.ts';
import type { Deployment } from '../../src/scalingo/types.ts';
import type { Comparison } from '../../src/github/types.ts';

const pattern = parseTagPattern('tag-pattern', DEFAULT_TAG_PATTERN, false);
const SHA = {
  v110: 'a'.repeat(40),
  v120: 'b'.repeat(40),
  v130: 'c'.repeat(40),
};

function deployment(id: string, status: string, gitRef: string | null): Deployment {
  return { id, app_id: 'app-id', created_at: '2026-11-01T10:00:00Z', finished_at: null, status, git_ref: gitRef };
}

function fakes(options: {
  production?: Deployment[];
  staging?: Deployment[];
  status?: Comparison['status'];
  tags?: { name: string; sha: string }[];
}) {
  const calls: string[] = [];
  const github: GuardGitHub = {
    repository: async () => (
      calls.push('repository'),
      { defaultBranch: 'main', htmlUrl: 'https://github.com/acme/shop' }
    ),
    compare: async (base, head) => (
      calls.push(`compare ${base}...${head}`),
      { status: options.status ?? 'behind', aheadBy: options.status ? 1 : 0, behindBy: 2, commits: [] }
    ),
    tags: async () =>
      options.tags ?? [
        { name: 'v1.1.0', sha: SHA.v110 },
        { name: 'v1.2.0', sha: SHA.v120 },
        { name: 'v1.3.0', sha: SHA.v130 },
      ],
    resolveCommit: async (ref) => {
      const found =
        (options.tags ?? []).find((t) => t.name === ref)?.sha ??
        { 'v1.1.0': SHA.v110, 'v1.2.0': SHA.v120, 'v1.3.0': SHA.v130 }[ref];
      if (!found) throw Object.assign(new Error('not found'), { status: 404 });
      return found;
    },
  };
  const lists: Record<string, Deployment[]> = { shop: options.production ?? [], 'shop-staging': options.staging ?? [] };
  const deployments: DeploymentsReader = {
    list: async (app, params) => {
      const all = lists[app];
      if (!all) throw Object.assign(new Error(`no app ${app}`), { status: 404 });
      const page = params?.page ?? 1;
      const per = params?.perPage ?? 20;
      const slice = all.slice((page - 1) * per, page * per);
      const pages = Math.ceil(all.length / per);
      return {
        deployments: slice,
        pagination: {
          current_page: page,
          prev_page: null,
          next_page: page < pages ? page + 1 : null,
          total_pages: pages,
          total_count: all.length,
        },
      };
    },
  };
  return { github, deployments, calls };
}

const input = (tag: string, extra: { force?: boolean; stagingApp?: string; branch?: string } = {}) => ({
  app: 'shop',
  tag,
  version: requireVersion(pattern, tag),
  pattern,
  force: extra.force ?? false,
  ...(extra.stagingApp ? { stagingApp: extra.stagingApp } : {}),
  ...(extra.branch ? { branch: extra.branch } : {}),
});

const production = [
  deployment('d3', 'build-error', SHA.v130),
  deployment('d2', 'success', SHA.v120),
  deployment('d1', 'success', 'v1.1.0'),
];

describe('runGuards', () => {
  it('passes a newer tag on the default branch, naming what production runs', async () => {
    const { github, deployments, calls } = fakes({ production });
    const outcome = await runGuards(input('v1.3.0'), github, deployments);
    expect(outcome.tagSha).toBe(SHA.v130);
    expect(outcome.branch).toBe('main');
    expect(calls).toContain(`compare main...${SHA.v130}`);
    // d3 failed, so production still runs d2 (v1.2.0), not the newest deployment.
    expect(outcome.previous).toMatchObject({ deploymentId: 'd2', gitRef: SHA.v120, tag: 'v1.2.0' });
    expect(outcome.previous?.version?.version).toBe('1.2.0');
    expect(outcome.checks.map((c) => [c.guard, c.outcome])).toEqual([
      ['tag', 'passed'],
      ['branch', 'passed'],
      ['version', 'passed'],
    ]);
  });

  it('resolves a git_ref that is a tag name', async () => {
    const { github, deployments } = fakes({ production: [deployment('d1', 'success', 'v1.1.0')] });
    expect((await runGuards(input('v1.2.0'), github, deployments)).previous?.tag).toBe('v1.1.0');
  });

  it('treats an app never deployed as a first release', async () => {
    const { github, deployments } = fakes({});
    const outcome = await runGuards(input('v1.1.0'), github, deployments);
    expect(outcome.previous).toBeNull();
    expect(outcome.checks[2]).toMatchObject({ guard: 'version', outcome: 'passed' });
  });

  it.each([
    ['ahead', /1\.3\.0 \(ccccccc\) is 1 commit\(s\) ahead of main, so it was never merged/],
    ['diverged', /not on main \(the histories diverged/],
  ] as const)('the branch guard refuses a tag %s of the branch, even forced', async (status, saw) => {
    const { github, deployments } = fakes({ production, status });
    const run = runGuards(input('v1.3.0', { force: true }), github, deployments);
    await expect(run).rejects.toThrow(GuardRefusal);
    await expect(runGuards(input('v1.3.0', { force: true }), github, deployments)).rejects.toThrow(saw);
    await expect(runGuards(input('v1.3.0', { force: true }), github, deployments)).rejects.toThrow(
      /The branch guard refused the release: .*`force` does not skip this guard/,
    );
  });

  it('compares against the branch given instead of the default one', async () => {
    const { github, deployments, calls } = fakes({ production });
    await runGuards(input('v1.3.0', { branch: 'release/1.x' }), github, deployments);
    expect(calls).not.toContain('repository');
    expect(calls).toContain(`compare release/1.x...${SHA.v130}`);
  });

  it.each([
    ['v1.2.0', /production already runs v1\.2\.0 \(deployment d2\)/],
    ['v1.1.0', /v1\.1\.0 is older than v1\.2\.0 \(deployment d2\) that production runs \(a downgrade\)/],
  ])('the version guard refuses %s and tells how to force it', async (tag, saw) => {
    const { github, deployments } = fakes({ production });
    const error = await runGuards(input(tag), github, deployments).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuardRefusal);
    expect((error as GuardRefusal).guard).toBe('version');
    expect((error as Error).message).toMatch(saw);
    expect((error as Error).message).toMatch(/workflow_dispatch with `force: true`/);
  });

  it('tells what it saw up to a refusal', async () => {
    const { github, deployments } = fakes({ production });
    const seen = {};
    await expect(runGuards(input('v1.2.0'), github, deployments, seen)).rejects.toThrow(GuardRefusal);
    expect(seen).toMatchObject({
      tagSha: SHA.v120,
      branch: 'main',
      previous: { tag: 'v1.2.0' },
      checks: [{ guard: 'tag' }, { guard: 'branch', outcome: 'passed' }],
    });
  });

  it('force skips the version guard and records what it saw', async () => {
    const { github, deployments } = fakes({ production });
    const outcome = await runGuards(input('v1.1.0', { force: true }), github, deployments);
    expect(outcome.checks[2]).toMatchObject({
      guard: 'version',
      outcome: 'skipped',
      detail: expect.stringMatching(/^forced: .*downgrade/),
    });
  });

  it('refuses when production runs a ref no release tag names', async () => {
    const { github, deployments } = fakes({ production: [deployment('d9', 'success', 'f'.repeat(40))] });
    await expect(runGuards(input('v1.3.0'), github, deployments)).rejects.toThrow(
      /git_ref f{40}, which no release tag names/,
    );
  });

  it.each([
    ['full sha', SHA.v130],
    ['short sha', SHA.v130.slice(0, 7)],
    ['tag name', 'v1.3.0'],
  ])('the staging guard accepts a successful staging deployment by %s', async (_kind, gitRef) => {
    const staging = [deployment('s2', 'success', gitRef)];
    const { github, deployments } = fakes({ production, staging });
    const outcome = await runGuards(input('v1.3.0', { stagingApp: 'shop-staging' }), github, deployments);
    expect(outcome.checks[3]).toMatchObject({
      guard: 'staging',
      outcome: 'passed',
      detail: expect.stringContaining('s2'),
    });
  });

  it('finds the staging deployment on a later page', async () => {
    const staging = [
      ...Array.from({ length: 60 }, (_, i) => deployment(`x${i}`, 'success', SHA.v110)),
      deployment('s1', 'success', SHA.v130),
    ];
    const { github, deployments } = fakes({ production, staging });
    const outcome = await runGuards(input('v1.3.0', { stagingApp: 'shop-staging' }), github, deployments);
    expect(outcome.checks[3]?.detail).toContain('s1');
  });

  it('the staging guard refuses a commit that failed or never ran on staging; force skips it', async () => {
    const staging = [deployment('s2', 'crashed-error', SHA.v130), deployment('s1', 'success', SHA.v120)];
    const { github, deployments } = fakes({ production, staging });
    await expect(runGuards(input('v1.3.0', { stagingApp: 'shop-staging' }), github, deployments)).rejects.toThrow(
      /The staging guard refused the release: no successful deployment of v1\.3\.0 \(ccccccc\) on shop-staging.*Deploy ccccccc to shop-staging first/,
    );
    const forced = await runGuards(input('v1.3.0', { stagingApp: 'shop-staging', force: true }), github, deployments);
    expect(forced.checks[3]).toMatchObject({ guard: 'staging', outcome: 'skipped' });
  });

  it.each([
    ['an unknown tag', input('v1.9.0'), /^Input 'tag': no tag or commit named 'v1\.9\.0'/],
    [
      'an unknown staging app',
      input('v1.3.0', { stagingApp: 'nope' }),
      /^Input 'staging-app': Scalingo has no app named 'nope'/,
    ],
    ['an unknown app', { ...input('v1.3.0'), app: 'ghost' }, /^Input 'app': Scalingo has no app named 'ghost'/],
  ])('names the input for %s', async (_what, guardInput, message) => {
    const { github, deployments } = fakes({ production });
    await expect(runGuards(guardInput, github, deployments)).rejects.toThrow(message);
  });
});

describe('tagForGitRef', () => {
  it('picks the highest matching tag on a commit and ignores foreign tags', () => {
    const tags = [
      { name: 'v2.0.0-rc.1', sha: SHA.v130 },
      { name: 'v2.0.0', sha: SHA.v130 },
      { name: 'deploy-prod', sha: SHA.v130 },
    ];
    expect(tagForGitRef(pattern, tags, SHA.v130)?.tag).toBe('v2.0.0');
    expect(tagForGitRef(pattern, tags.slice(0, 1), SHA.v130)?.tag).toBe('v2.0.0-rc.1');
    expect(tagForGitRef(pattern, tags.slice(2), SHA.v130)).toBeNull();
  });
});
