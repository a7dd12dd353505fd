import { describe, expect, it } from 'vitest';
import { searchFirstPullRequests } from '../../src/release-notes/contributors.ts';
import { generateReleaseNotes } from '../../src/release-notes/index.ts';
import { listed, startRepo, withMaintenanceRelease } from './setup.ts';
import type { Repo } from './setup.ts';

function generate(repo: Repo, local: boolean, withSearch = false) {
  const { gh, github } = repo;
  return generateReleaseNotes({
    github,
    ...(local ? { git: repo.git } : {}),
    logger: repo.logger,
    repoUrl: repo.repoUrl,
    tag: 'v1.1.0',
    head: gh.git.head(),
    ...(withSearch
      ? { firstPullRequests: searchFirstPullRequests((q, v) => github.graphql(q, v), gh.owner, gh.repo) }
      : {}),
  });
}

const count = (repo: Repo, args: string[]) => Number(repo.gh.git.git(['rev-list', '--count', ...args]).trim());
const pages = (items: number, perPage: number) => Math.max(1, Math.ceil(items / perPage));
/** The commits and pull request numbers the GraphQL queries asked about, and the listing pages. */
function asked(repo: Repo): { shas: string[]; numbers: number[]; listings: number } {
  const queries = repo.gh.journal
    .filter((e) => e.path === '/graphql')
    .map((e) => String((e.body as { query?: string }).query));
  return {
    shas: queries.flatMap((q) => [...q.matchAll(/object\(oid: "([0-9a-f]{40})"\)/g)].map((m) => m[1]!)),
    numbers: queries.flatMap((q) => [...q.matchAll(/pullRequest\(number: (\d+)\)/g)].map((m) => Number(m[1]))),
    listings: queries.filter((q) => q.includes('pullRequests(states: MERGED')).length,
  };
}

describe('GitHub API calls of the release notes', () => {
  it('through the compare API: one page of merged pull requests settles every merge style, nothing is looked up', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.tag('v1.0.0');
    const merged = g.mergePullRequest({
      title: 'Add the cart',
      author: 'alice',
      strategy: 'merge',
      commits: [
        { files: { 'cart.py': '1\n' }, message: 'WIP cart' },
        { files: { 'cart.py': '2\n' }, message: 'Cart totals' },
      ],
    });
    const squashed = g.mergePullRequest({ title: 'fix: round totals', author: 'bob', strategy: 'squash' });
    const rebased = g.mergePullRequest({
      title: 'refactor: split checkout',
      author: 'carol',
      strategy: 'rebase',
      commits: [
        { files: { 'checkout/a.py': 'a\n' }, message: 'Move payment out' },
        { files: { 'checkout/b.py': 'b\n' }, message: 'Move shipping out' },
      ],
    });
    g.commit({ 'hotfix.txt': 'x\n' }, 'Hotfix straight on main');
    g.tag('v1.1.0');
    const local = await generate(repo, true);
    repo.gh.maxPerPage = 2;
    repo.gh.journal.length = 0;

    const notes = await generate(repo, false);
    expect(notes.history).toBe('api');
    expect(listed(notes.changes)).toEqual(listed(local.changes));
    expect(listed(notes.changes)).toEqual([merged.number, squashed.number, rebased.number, 'Hotfix straight on main']);
    // The listing matched them all, the rebased commits by their subjects: no lookup one by one.
    expect(asked(repo)).toEqual({ numbers: [], shas: [], listings: 1 });
    const tags = pages(2, 2);
    const compare = pages(count(repo, ['v1.0.0..v1.1.0']), 2);
    expect(repo.gh.journal.filter((e) => e.path.endsWith('/tags'))).toHaveLength(tags);
    expect(repo.gh.journal.filter((e) => e.path.includes('/compare/'))).toHaveLength(compare);
    expect(repo.gh.journal).toHaveLength(tags + compare + 1);
  });

  it('looks up a number the listing did not have, and nothing more for a commit it names no merged pull request of', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.tag('v1.0.0');
    const squashed = g.mergePullRequest({ title: 'fix: totals', strategy: 'squash' });
    // Applied by someone else than its author, with an issue number where a PR number would be.
    g.git(['commit', '--allow-empty', '-m', 'Fix the typo (#4242)'], {
      env: {
        GIT_AUTHOR_NAME: 'Dave',
        GIT_AUTHOR_EMAIL: 'dave@example.com',
        GIT_COMMITTER_NAME: 'Erin',
        GIT_COMMITTER_EMAIL: 'erin@example.com',
      },
    });
    const typo = g.head();
    g.tag('v1.1.0');
    const notes = await generate(repo, false);
    expect(listed(notes.changes)).toEqual([squashed.number, 'Fix the typo (#4242)']);
    const graphql = repo.gh.journal.filter((e) => e.path === '/graphql');
    expect(graphql).toHaveLength(2);
    // The listing was complete: the typo fix, applied by someone else, belongs to no merged pull request.
    expect(asked(repo)).toEqual({ numbers: [4242], shas: [], listings: 1 });
    expect(typo).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reads one compare page for a higher tag that is not an ancestor, every page for the previous release', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    withMaintenanceRelease(g);
    const pulls = ['feat: one', 'fix: two', 'fix: three'].map((title) =>
      g.mergePullRequest({ title, strategy: 'squash' }),
    );
    g.tag('v1.1.0');
    repo.gh.maxPerPage = 2;
    const notes = await generate(repo, false);
    expect(notes.previousTag).toBe('v1.0.0');
    expect(listed(notes.changes)).toEqual(pulls.map((p) => p.number));
    const compares = repo.gh.journal
      .filter((e) => e.path.includes('/compare/'))
      .map((e) => decodeURIComponent(e.path.replace(/^.*\/compare\//, '')));
    // v1.0.1...v1.1.0 diverged after its first page; v1.0.0...v1.1.0 is read to the end (3 commits, 2 a page).
    const [maintenance, previous] = [g.head('v1.0.1'), g.head('v1.0.0')];
    expect(compares).toEqual([
      `${maintenance}...${notes.targetSha}`,
      ...Array(pages(count(repo, ['v1.0.0..v1.1.0']), 2)).fill(`${previous}...${notes.targetSha}`),
    ]);
    expect(compares).toHaveLength(3);
  });

  it.each([
    ['with', true],
    ['without', false],
  ])(
    '%s local history: a mixed history of 1,200 commits and 250 pull requests within the budget',
    async (_what, local) => {
      const repo = await startRepo();
      const g = repo.gh.git;
      g.tag('v1.0.0');
      const history = g.bulkHistory({ commits: 1200, pullRequests: 250 });
      g.tag('v1.1.0');
      const commits = count(repo, ['v1.0.0..v1.1.0']);
      const prs = history.pulls.length;
      expect(commits).toBe(1200);

      const notes = await generate(repo, local, true);
      expect(notes.changes.filter((c) => c.kind === 'pull-request')).toHaveLength(prs);
      expect(notes.commitCount).toBe(count(repo, ['--first-parent', 'v1.0.0..v1.1.0']));
      // One listing page per 100 pull requests (every merge style, matched by merge commit and by
      // commits) and the new-contributors search; through the API also the tag list and the compare pages.
      const lookups = Math.ceil(prs / 100) + 1;
      const expected = local ? lookups : 1 + Math.ceil(commits / 100) + lookups;
      expect(repo.gh.journal).toHaveLength(expected);
      expect(expected).toBeLessThanOrEqual(local ? 12 : Math.ceil(commits / 100) + Math.ceil(prs / 100) + 3);
    },
  );

  it('for an old range, stops listing after a page per 100 commits plus one, and looks up what is left', async () => {
    const repo = await startRepo();
    const g = repo.gh.git;
    g.tag('v1.0.0');
    const inRange = g.mergePullRequest({ title: 'fix: the old bug', strategy: 'rebase' });
    g.tag('v1.1.0');
    // Two hundred and fifty pull requests merged since: the most recently updated come first.
    g.bulkHistory({ commits: 250, pullRequests: 250, strategy: 'squash' });
    const notes = await generate(repo, true);
    expect(listed(notes.changes)).toEqual([inRange.number]);
    // 1 commit in the range: 2 listing pages, then its commit looked up (GitHub committed it).
    expect(asked(repo)).toEqual({ numbers: [], shas: [inRange.mergeCommitSha], listings: 2 });
    expect(repo.gh.journal).toHaveLength(3);
  });
});
