import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/shared/errors.ts';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { clientFor } from './helpers.ts';

let gh: GitHubDouble;
let first: string;

beforeEach(async () => {
  gh = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  first = gh.git.commit({ 'README.md': 'shop\n' }, 'Initial commit');
  gh.git.tag('v1.0.0', 'HEAD', { annotated: true });
});
afterEach(async () => {
  await gh.close();
});

describe('repository and commits', () => {
  it('reads the default branch and the repository URL', async () => {
    const { client } = clientFor(gh);
    expect(await client.repository()).toEqual({ defaultBranch: 'main', htmlUrl: `${gh.url}/acme/shop` });
  });

  it.each([
    ['a branch', 'main'],
    ['an annotated tag', 'v1.0.0'],
    ['a full SHA', 'FIRST'],
    ['an abbreviated SHA', 'FIRST7'],
  ])('resolves %s to the full commit SHA', async (_what, ref) => {
    const { client } = clientFor(gh);
    const asked = ref === 'FIRST' ? first : ref === 'FIRST7' ? first.slice(0, 7) : ref;
    expect(await client.resolveCommit(asked)).toBe(first);
  });

  it('turns an unknown ref into a ConfigurationError naming the ref, the repository and the fix', async () => {
    const { client } = clientFor(gh);
    const error = await client.resolveCommit('feature/nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain("'feature/nope'");
    expect((error as Error).message).toContain('acme/shop');
    expect((error as Error).message).toMatch(/push the branch or tag/);
  });

  it('compares two refs across every page, oldest commit first, with authors, emails and parents', async () => {
    gh.maxPerPage = 2;
    const shas = [1, 2, 3, 4, 5].map((n) =>
      gh.git.commit({ [`f${n}`]: `${n}` }, `Change ${n}`, {
        author: { name: 'Alice Liddell', email: 'alice@example.com', login: 'alice' },
      }),
    );
    const { client } = clientFor(gh);
    const comparison = await client.compare('v1.0.0', 'main');
    expect(comparison).toMatchObject({ status: 'ahead', aheadBy: 5, behindBy: 0 });
    expect(comparison.commits.map((c) => c.sha)).toEqual(shas);
    expect(comparison.commits[0]).toEqual({
      sha: shas[0],
      message: 'Change 1',
      parents: [first],
      authorLogin: 'alice',
      authorName: 'Alice Liddell',
      authorEmail: 'alice@example.com',
      committerEmail: 'alice@example.com',
      committedAt: expect.stringMatching(/^2026-01-05T\d\d:\d\d:00Z$/),
    });
    expect(comparison.commits.slice(1).map((c) => c.parents)).toEqual(shas.slice(0, -1).map((sha) => [sha]));
    expect(gh.journal.filter((e) => e.path.includes('/compare/'))).toHaveLength(3);
  });

  it('asks for 100 commits per compare page, the most GitHub gives', async () => {
    gh.git.bulkHistory({ commits: 101, pullRequests: 0 });
    const { client } = clientFor(gh);
    expect((await client.compare('v1.0.0', 'main')).commits).toHaveLength(101);
    const pages = gh.journal.filter((e) => e.path.includes('/compare/'));
    expect(pages).toHaveLength(2);
    expect(pages.map((e) => e.query.per_page)).toEqual(['100', '100']);
  });

  it("gives a merge commit's parents first parent first, and GitHub as the committer of its merges", async () => {
    const pr = gh.git.mergePullRequest({ title: 'Add cart', strategy: 'merge' });
    const { client } = clientFor(gh);
    const merge = (await client.compare('v1.0.0', 'main')).commits.find((c) => c.sha === pr.mergeCommitSha);
    expect(merge?.parents).toEqual([first, pr.headSha]);
    expect(merge?.committerEmail).toBe('noreply@github.com');
  });

  it.each([
    ['behind', 'main', 'v1.0.0', { status: 'behind', aheadBy: 0, behindBy: 1 }],
    ['identical', 'v1.0.0', 'v1.0.0', { status: 'identical', aheadBy: 0, behindBy: 0 }],
    ['diverged', 'side', 'main', { status: 'diverged', aheadBy: 1, behindBy: 1 }],
  ])('reports a %s comparison', async (_what, base, head, expected) => {
    gh.git.branch('side');
    gh.git.commit({ main: '1' }, 'On main');
    gh.git.commit({ side: '1' }, 'On side', { branch: 'side' });
    gh.git.checkout('main');
    const { client } = clientFor(gh);
    expect(await client.compare(base, head)).toMatchObject(expected);
  });

  it.each([
    ['diverged', 'side', 1, true],
    ['behind', 'v1.1.0', 1, false],
    ['ahead', 'v1.0.0', 3, false],
  ] as const)(
    'with commitsOnlyIfAncestor, reads a %s comparison (base %s) in %i page(s)',
    async (status, base, requests, partial) => {
      gh.maxPerPage = 2;
      gh.git.branch('side');
      gh.git.commit({ side: '1' }, 'On side', { branch: 'side' });
      gh.git.checkout('main');
      for (let n = 1; n <= 5; n++) gh.git.commit({ f: `${n}` }, `Change ${n}`);
      if (status === 'behind') gh.git.tag('v1.1.0');
      const head = status === 'behind' ? 'HEAD~1' : 'main';
      const { client } = clientFor(gh);
      const comparison = await client.compare(base, gh.git.head(head), { commitsOnlyIfAncestor: true });
      expect(comparison.status).toBe(status);
      expect(gh.journal.filter((e) => e.path.includes('/compare/'))).toHaveLength(requests);
      expect(comparison.partial).toBe(partial ? true : undefined);
      if (!partial) expect(comparison.commits).toHaveLength(comparison.aheadBy);
    },
  );

  it.each([
    ['ahead', 'v1.0.0', 'main', { status: 'ahead', aheadBy: 250, behindBy: 0, commits: [], partial: true }],
    ['behind', 'main', 'v1.0.0', { status: 'behind', aheadBy: 0, behindBy: 250, commits: [] }],
  ] as const)(
    'with statusOnly, reads a comparison 250 commits %s in one request asking one commit',
    async (_what, base, head, expected) => {
      gh.git.bulkHistory({ commits: 250, pullRequests: 0 });
      const { client } = clientFor(gh);
      expect(await client.compare(base, head, { statusOnly: true })).toEqual(expected);
      const requests = gh.journal.filter((e) => e.path.includes('/compare/'));
      expect(requests.map((e) => e.query.per_page)).toEqual(['1']);
    },
  );

  it('lists every tag with the commit it points at (annotated tags peeled), across pages', async () => {
    gh.maxPerPage = 1;
    const second = gh.git.commit({ a: '1' }, 'Second');
    gh.git.tag('v1.1.0');
    const { client } = clientFor(gh);
    const tags = await client.tags();
    expect(tags).toHaveLength(2);
    expect(tags).toEqual(
      expect.arrayContaining([
        { name: 'v1.0.0', sha: first },
        { name: 'v1.1.0', sha: second },
      ]),
    );
  });
});

describe('tarballUrl', () => {
  it('returns the signed URL without following the redirect, masks it, and it serves the real archive', async () => {
    gh.git.commit({ 'app/main.py': 'print("hi")\n' }, 'App');
    const sha = gh.git.head();
    const { client, logger } = clientFor(gh);
    const url = await client.tarballUrl(sha);
    expect(url).toMatch(new RegExp(`^${gh.url}/_codeload/acme/shop/legacy\\.tar\\.gz/${sha}\\?token=[0-9a-f]+$`));
    expect(logger.masked).toContain(url);
    expect(gh.journal.some((e) => e.path.startsWith('/_codeload/'))).toBe(false);

    const archive = Buffer.from(await (await fetch(url)).arrayBuffer());
    const file = join(mkdtempSync(join(tmpdir(), 'tarball-')), 'a.tar.gz');
    writeFileSync(file, archive);
    const listing = execFileSync('tar', ['tzf', file]).toString().split('\n');
    expect(listing).toEqual(expect.arrayContaining([`shop-${sha}/README.md`, `shop-${sha}/app/main.py`]));
  });

  it('refuses the archive URL with a forged token', async () => {
    const { client } = clientFor(gh);
    const url = await client.tarballUrl(first);
    const forged = url.replace(/token=.*/, 'token=0000');
    expect((await fetch(forged)).status).toBe(403);
  });
});
