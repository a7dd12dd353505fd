import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/shared/errors.ts';
import { searchFirstPullRequests } from '../../src/release-notes/contributors.ts';
import { generateReleaseNotes } from '../../src/release-notes/index.ts';
import type { GenerateOptions } from '../../src/release-notes/index.ts';
import { authorFor } from '../../sandbox/github/git-fixture.ts';
import { listed, startRepo, withMaintenanceRelease } from './setup.ts';
import type { Repo } from './setup.ts';

function generate(repo: Repo, options: Partial<GenerateOptions> & { local?: boolean } = {}) {
  const { local = true, ...rest } = options;
  return generateReleaseNotes({
    github: repo.github,
    ...(local ? { git: repo.git } : {}),
    logger: repo.logger,
    repoUrl: repo.repoUrl,
    head: repo.gh.git.head(),
    ...rest,
  });
}

/** v1.0.0, then one pull request per merge strategy, a direct commit, and v1.1.0. */
async function mixedHistory(): Promise<Repo> {
  const repo = await startRepo();
  const g = repo.gh.git;
  g.tag('v1.0.0');
  g.mergePullRequest({
    title: 'Add the cart',
    labels: ['feature'],
    author: 'alice',
    strategy: 'merge',
    commits: [
      { files: { 'cart.py': '1\n' }, message: 'WIP cart' },
      { files: { 'cart.py': '2\n' }, message: 'Cart totals' },
    ],
  });
  g.mergePullRequest({ title: 'fix: round totals', author: 'bob', strategy: 'squash', files: { 'totals.py': 'x\n' } });
  g.mergePullRequest({
    title: 'refactor: split checkout',
    author: 'alice',
    strategy: 'rebase',
    commits: [
      { files: { 'checkout/a.py': 'a\n' }, message: 'Move payment out' },
      { files: { 'checkout/b.py': 'b\n' }, message: 'Move shipping out' },
    ],
  });
  g.commit({ 'hotfix.txt': 'x\n' }, 'Hotfix straight on main');
  g.tag('v1.1.0', 'HEAD', { annotated: true });
  return repo;
}

describe('generateReleaseNotes', () => {
  it('finds merge, squash and rebase merged pull requests once each, and bare commits, from local history', async () => {
    const repo = await mixedHistory();
    const notes = await generate(repo, { tag: 'v1.1.0' });
    expect(listed(notes.changes)).toEqual([1, 2, 3, 'Hotfix straight on main']);
    expect(notes).toMatchObject({
      tag: 'v1.1.0',
      version: '1.1.0',
      previousTag: 'v1.0.0',
      previousVersion: '1.0.0',
      nextVersion: '1.1.0',
      history: 'local',
    });
    expect(notes.body).toContain('## Features\n\n- Add the cart by @alice in [#1](');
    expect(notes.body).toContain('## Bug fixes\n\n- fix: round totals by @bob in [#2](');
    expect(notes.body).toContain('## Technical improvements\n\n- refactor: split checkout by @alice in [#3](');
    expect(notes.body).toMatch(
      /## Other changes\n\n- Hotfix straight on main in \[[0-9a-f]{7}\]\(https:\/\/github.com\/acme\/shop\/commit\/[0-9a-f]{40}\)/,
    );
    expect(notes.body).toContain('**Full Changelog**: https://github.com/acme/shop/compare/v1.0.0...v1.1.0');
    // Commits and tags came from git: only GraphQL lookups went to the API.
    expect(repo.gh.journal.every((e) => e.path === '/graphql')).toBe(true);
    expect(repo.gh.journal.length).toBeLessThanOrEqual(2);
  });

  it('gives the same notes through the compare API when the checkout has no history', async () => {
    const repo = await mixedHistory();
    const local = await generate(repo, { tag: 'v1.1.0' });
    repo.gh.journal.length = 0;
    const api = await generate(repo, { tag: 'v1.1.0', local: false });
    expect(api.history).toBe('api');
    // The compare API lists a merge commit's side commits too; like git log --first-parent, the engine leaves them out.
    expect(listed(api.changes)).toEqual(listed(local.changes));
    expect(api.body).toBe(local.body);
    expect(repo.gh.journal.some((e) => e.path.includes('/compare/'))).toBe(true);
    expect(repo.gh.mutations()).toEqual([]);
  });

  it.each([
    ['local history', true],
    ['the API only', false],
  ])(
    'finds pull requests pushed to the branch by hand, fast-forwarded or rebased locally, with %s',
    async (_with, local) => {
      const repo = await startRepo();
      const g = repo.gh.git;
      g.tag('v1.0.0');
      const fastForwarded = g.mergePullRequest({
        title: 'feat: saved carts',
        labels: ['feature'],
        author: 'alice',
        strategy: 'fast-forward',
        commits: [
          { files: { 'carts.py': '1\n' }, message: 'Cart model' },
          { files: { 'carts.py': '2\n' }, message: 'Cart view' },
        ],
      });
      const rebased = g.openPullRequest({
        title: 'fix: round the totals',
        author: 'bob',
        commits: [
          { files: { 'totals.py': '1\n' }, message: 'Round half up' },
          { files: { 'totals.py': '2\n' }, message: 'Test the rounding' },
        ],
      });
      // main moves under the open pull request: it is rebased onto it, force-pushed, then pushed to main.
      g.commit({ 'hotfix.txt': 'x\n' }, 'Hotfix straight on main', { author: authorFor('carol') });
      g.mergeOpenPullRequest(rebased.number, 'local-rebase');
      g.commit({ 'notes.txt': 'x\n' }, 'Direct commit by its author', { author: authorFor('carol') });
      g.tag('v1.1.0');
      // Every commit on main was committed by its own author: nothing but the listing tells them apart.
      const emails = g.git(['log', '--format=%ae %ce', 'v1.0.0..v1.1.0']).trim().split('\n');
      expect(emails.every((line) => line.split(' ')[0] === line.split(' ')[1])).toBe(true);

      const notes = await generate(repo, { tag: 'v1.1.0', local });
      expect(listed(notes.changes)).toEqual([
        fastForwarded.number,
        'Hotfix straight on main',
        rebased.number,
        'Direct commit by its author',
      ]);
      expect(notes.body).toContain(`- feat: saved carts by @alice in [#${fastForwarded.number}](`);
      expect(notes.body).toContain(`- fix: round the totals by @bob in [#${rebased.number}](`);
      expect(notes.body).not.toMatch(/Cart model|Cart view|Round half up|Test the rounding/);
      const graphql = repo.gh.journal.filter((e) => e.path === '/graphql');
      expect(graphql).toHaveLength(1);
    },
  );

  it('leaves out a pull request reverted in the same release, by the revert button or by git revert', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.tag('v1.0.0');
    const cart = g.mergePullRequest({ title: 'feat: cart', strategy: 'squash' });
    g.mergePullRequest({
      title: 'Revert "feat: cart"',
      body: `Reverts acme/shop#${cart.number}`,
      strategy: 'squash',
      files: { [`changes/pr-${cart.number}.txt`]: null },
    });
    const wishlist = g.mergePullRequest({ title: 'feat: wishlist', strategy: 'squash' });
    const me = {
      GIT_AUTHOR_NAME: 'Carol',
      GIT_AUTHOR_EMAIL: 'carol@example.com',
      GIT_COMMITTER_NAME: 'Carol',
      GIT_COMMITTER_EMAIL: 'carol@example.com',
    };
    g.git(['revert', '--no-edit', wishlist.mergeCommitSha!], { env: me });
    g.mergePullRequest({ title: 'fix: kept', strategy: 'merge' });
    for (const local of [true, false]) {
      const notes = await generate(repo, { local });
      expect(listed(notes.changes)).toEqual([4]);
      expect(notes.body).not.toContain('cart');
      expect(notes.body).not.toContain('wishlist');
      expect(notes.nextVersion).toBe('1.0.1');
    }
  });

  it('skips prereleases for a final release and uses them between prereleases', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.tag('v1.0.0');
    g.mergePullRequest({ title: 'feat: one', strategy: 'squash' });
    g.tag('v1.1.0-rc.1');
    g.mergePullRequest({ title: 'fix: two', strategy: 'squash' });
    g.tag('v1.1.0-rc.2');
    g.mergePullRequest({ title: 'fix: three', strategy: 'squash' });
    g.tag('v1.1.0');
    const final = await generate(repo, { tag: 'v1.1.0' });
    expect(final.previousTag).toBe('v1.0.0');
    expect(listed(final.changes)).toEqual([1, 2, 3]);
    const rc = await generate(repo, { tag: 'v1.1.0-rc.2' });
    expect(rc.previousTag).toBe('v1.1.0-rc.1');
    expect(listed(rc.changes)).toEqual([2]);
  });

  it('ignores non-semver tags and tags with another prefix', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.tag('v1.0.0');
    g.mergePullRequest({ title: 'feat: one', strategy: 'squash' });
    g.tag('nightly');
    g.tag('deploy-2026-11-23');
    g.tag('1.9.0');
    g.tag('vnext');
    g.mergePullRequest({ title: 'fix: two', strategy: 'squash' });
    const notes = await generate(repo);
    expect(notes.previousTag).toBe('v1.0.0');
    expect(listed(notes.changes)).toEqual([1, 2]);
    expect(notes).toMatchObject({ tag: 'v1.1.0', version: '1.1.0', nextVersion: '1.1.0' });
    const custom = await generate(repo, { tagPrefix: '' });
    expect(custom.previousTag).toBe('1.9.0');
  });

  it('skips a higher tag that is not an ancestor (a maintenance branch)', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    withMaintenanceRelease(g);
    g.mergePullRequest({ title: 'feat: one', strategy: 'squash' });
    for (const local of [true, false]) {
      const notes = await generate(repo, { local, head: g.head('main') });
      expect(notes.previousTag).toBe('v1.0.0');
      expect(listed(notes.changes)).toEqual([1]);
    }
  });

  it('covers everything up to the target without a previous tag; every author is a new contributor', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.mergePullRequest({ title: 'feat: one', author: 'alice', strategy: 'squash' });
    g.mergePullRequest({ title: 'fix: two', author: 'bob', strategy: 'merge' });
    g.mergePullRequest({ title: 'Bump ws', author: 'dependabot[bot]', strategy: 'squash' });
    const notes = await generate(repo);
    expect(notes.previousTag).toBeUndefined();
    expect(listed(notes.changes)).toEqual(['Initial commit', 1, 2, 3]);
    expect(notes).toMatchObject({ tag: 'v0.1.0', nextVersion: '0.1.0' });
    expect(notes.body).toContain('## New contributors\n\n- @alice made their first contribution in [#1]');
    expect(notes.body).toContain('- @bob made their first contribution in [#2]');
    expect(notes.body).not.toContain('@dependabot made');
    expect(notes.body).toContain(`**Full Changelog**: https://github.com/acme/shop/commits/${g.head()}`);
  });

  it('asks for the history when there is neither a previous tag nor a full checkout', async () => {
    const repo = await startRepo();
    repo.gh.git.mergePullRequest({ title: 'feat: one', strategy: 'squash' });
    const error = await generate(repo, { local: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('fetch-depth: 0');
  });

  it('names new contributors from their first merged pull request', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.mergePullRequest({ title: 'feat: old', author: 'alice', strategy: 'squash' });
    g.tag('v1.0.0');
    g.mergePullRequest({ title: 'fix: two', author: 'alice', strategy: 'squash' });
    g.mergePullRequest({ title: 'fix: three', author: 'bob', strategy: 'squash' });
    const asked: string[][] = [];
    const notes = await generate(repo, {
      firstPullRequests: async (logins) => {
        asked.push(logins);
        return new Map(logins.map((l) => [l, g.pulls.all().find((p) => p.author.login === l)!.number]));
      },
    });
    expect(asked).toEqual([['alice', 'bob']]);
    expect(notes.body).toContain('## New contributors\n\n- @bob made their first contribution in [#3]');
    expect(notes.body).not.toContain('@alice made');
  });

  it("asks GitHub's search for each author's first merged pull request", async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.mergePullRequest({ title: 'feat: old', author: 'alice', strategy: 'squash' });
    g.tag('v1.0.0');
    g.mergePullRequest({ title: 'fix: two', author: 'alice', strategy: 'merge' });
    g.mergePullRequest({ title: 'fix: three', author: 'bob', strategy: 'rebase' });
    g.mergePullRequest({ title: 'Bump ws', author: 'dependabot[bot]', strategy: 'squash' });
    const firstPullRequests = searchFirstPullRequests((q, v) => repo.github.graphql(q, v), 'acme', 'shop');
    const notes = await generate(repo, { firstPullRequests });
    expect(notes.body).toContain('## New contributors\n\n- @bob made their first contribution in [#3]');
    expect(notes.body).not.toMatch(/@(alice|dependabot) made/);
  });

  it('leaves new contributors out with a warning when the search fails', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.tag('v1.0.0');
    g.mergePullRequest({ title: 'fix: two', author: 'bob', strategy: 'squash' });
    const notes = await generate(repo, { firstPullRequests: async () => Promise.reject(new Error('search is down')) });
    expect(notes.body).not.toContain('New contributors');
    expect(repo.logger.lines).toContainEqual({ level: 'warning', message: expect.stringContaining('search is down') });
  });

  it('proposes major for breaking changes', async () => {
    const repo = await startRepo();
    repo.gh.git.tag('v2.3.4');
    repo.gh.git.mergePullRequest({ title: 'feat(api)!: drop v1', strategy: 'squash' });
    expect((await generate(repo)).nextVersion).toBe('3.0.0');
  });

  it.each([
    [{ tag: 'v1.2' }, "Input 'tag': 'v1.2' is not a version tag"],
    [{ tag: 'release-1.2.0' }, "Input 'tag': 'release-1.2.0' is not a version tag with the prefix 'v'"],
    [{ previousTag: 'v0.9.0' }, "Input 'previous-tag': the tag 'v0.9.0' does not exist"],
    [{ previousTag: 'v1.0.1' }, "Input 'previous-tag': 'v1.0.1' is not an ancestor"],
  ])('refuses %j clearly', async (options, message) => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.tag('v1.0.0');
    g.branch('release-1.0');
    g.commit({ 'patch.txt': 'x\n' }, 'Backport', { branch: 'release-1.0' });
    g.tag('v1.0.1');
    g.checkout('main');
    g.mergePullRequest({ title: 'feat: one', strategy: 'squash' });
    for (const local of [true, false]) {
      const error = await generate(repo, { ...options, local, head: g.head('main') }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain(message);
    }
    expect(repo.gh.mutations()).toEqual([]);
  });
});
