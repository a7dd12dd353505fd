import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble, type PullRequestSpec } from '../../../sandbox/github/index.ts';

let gh: GitHubDouble;
let base: string;

beforeEach(async () => {
  gh = await startGitHubDouble();
  base = gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

const parents = (sha: string) => gh.git.git(['rev-list', '--parents', '-n', '1', sha]).trim().split(' ').slice(1);
const subject = (sha: string) => gh.git.git(['log', '-1', '--format=%s', sha]).trim();
const onMain = () =>
  gh.git
    .git(['rev-list', '--reverse', `${base}..main`])
    .trim()
    .split('\n')
    .filter(Boolean);

describe('GitFixture pull requests', () => {
  const commits: PullRequestSpec['commits'] = [
    { files: { 'a.txt': 'a' }, message: 'First step' },
    { files: { 'b.txt': 'b' }, message: 'Second step' },
  ];

  it('merge: keeps the PR commits and adds a two-parent merge commit', () => {
    const pr = gh.git.mergePullRequest({ title: 'Add a and b', commits, strategy: 'merge' });
    expect(onMain()).toEqual([...pr.commits, pr.mergeCommitSha]);
    expect(parents(pr.mergeCommitSha!)).toEqual([base, pr.commits[1]]);
    expect(subject(pr.mergeCommitSha!)).toBe(`Merge pull request #${pr.number} from acme/pr-${pr.number}`);
    for (const sha of onMain()) expect(gh.git.pulls.forCommit(sha).map((p) => p.number)).toEqual([pr.number]);
  });

  it('squash: one new commit titled "(#n)", the PR commits stay off the branch', () => {
    const pr = gh.git.mergePullRequest({ title: 'Add a and b', commits, strategy: 'squash' });
    expect(onMain()).toEqual([pr.mergeCommitSha]);
    expect(parents(pr.mergeCommitSha!)).toEqual([base]);
    expect(subject(pr.mergeCommitSha!)).toBe(`Add a and b (#${pr.number})`);
    expect(gh.git.git(['show', 'main:b.txt'])).toBe('b');
    expect(gh.git.pulls.forCommit(pr.mergeCommitSha!).map((p) => p.number)).toEqual([pr.number]);
  });

  it('rebase: replays each PR commit as a new commit, every one associated with the PR', () => {
    const pr = gh.git.mergePullRequest({ title: 'Add a and b', commits, strategy: 'rebase', author: 'carol' });
    const replayed = onMain();
    expect(replayed).toHaveLength(2);
    expect(replayed).not.toEqual(pr.commits);
    expect(replayed.map(subject)).toEqual(['First step', 'Second step']);
    expect(pr.mergeCommitSha).toBe(replayed[1]);
    expect(gh.git.git(['log', '-1', '--format=%ae|%ce', replayed[0]!]).trim()).toBe(
      'carol@users.noreply.github.com|noreply@github.com',
    );
    for (const sha of replayed) expect(gh.git.pulls.forCommit(sha).map((p) => p.number)).toEqual([pr.number]);
  });

  it('fast-forward: the PR commits themselves land on main, committed by their author; the head is the merge commit', () => {
    const pr = gh.git.mergePullRequest({ title: 'Add a and b', commits, strategy: 'fast-forward', author: 'dave' });
    expect(onMain()).toEqual(pr.commits);
    expect(pr.mergeCommitSha).toBe(pr.headSha);
    expect(pr).toMatchObject({ state: 'closed', mergedAt: expect.any(String) });
    for (const sha of onMain()) {
      expect(gh.git.git(['log', '-1', '--format=%ae|%ce', sha]).trim()).toBe(
        'dave@users.noreply.github.com|dave@users.noreply.github.com',
      );
      expect(gh.git.pulls.forCommit(sha).map((p) => p.number)).toEqual([pr.number]);
    }
  });

  it('fast-forward: refuses a base that moved since the branch (that takes a rebase)', () => {
    const pr = gh.git.openPullRequest({ title: 'Add a and b', commits });
    gh.git.commit({ 'c.txt': 'c' }, 'Meanwhile on main');
    expect(() => gh.git.mergeOpenPullRequest(pr.number, 'fast-forward')).toThrow(/cannot be fast-forwarded/);
  });

  it('local-rebase: the author rebases onto the moved base and force-pushes, then pushes main; the PR has the rebased commits', () => {
    const pr = gh.git.openPullRequest({ title: 'Add a and b', commits, author: 'erin' });
    const original = [...pr.commits];
    const meanwhile = gh.git.commit({ 'c.txt': 'c' }, 'Meanwhile on main');
    gh.git.mergeOpenPullRequest(pr.number, 'local-rebase');
    const rebased = onMain().slice(1);
    expect(onMain()[0]).toBe(meanwhile);
    expect(rebased.map(subject)).toEqual(['First step', 'Second step']);
    expect(rebased).not.toEqual(original);
    expect(pr).toMatchObject({
      commits: rebased,
      headSha: rebased[1],
      mergeCommitSha: rebased[1],
      previousHeadSha: original[1],
    });
    expect(gh.git.resolve(`refs/pull/${pr.number}/head`)).toBe(rebased[1]);
    expect(gh.git.resolve(`pr-${pr.number}`)).toBe(rebased[1]);
    expect(gh.git.git(['log', '-1', '--format=%ae|%ce', rebased[0]!]).trim()).toBe(
      'erin@users.noreply.github.com|erin@users.noreply.github.com',
    );
    for (const sha of rebased) expect(gh.git.pulls.forCommit(sha).map((p) => p.number)).toEqual([pr.number]);
  });

  it('an unmerged pull request changes nothing on main', () => {
    const pr = gh.git.mergePullRequest({ title: 'Draft idea', merged: false });
    expect(onMain()).toEqual([]);
    expect(pr).toMatchObject({ state: 'open', mergedAt: null, mergeCommitSha: null });
  });

  it('numbers pull requests in order and refuses a duplicate number', () => {
    const one = gh.git.mergePullRequest({ title: 'One' });
    const two = gh.git.mergePullRequest({ title: 'Two' });
    expect([one.number, two.number]).toEqual([1, 2]);
    expect(() => gh.git.mergePullRequest({ title: 'Again', number: 2 })).toThrow(/already exists/);
  });
});

describe('GitFixture.bulkHistory', () => {
  it.each([
    ['mixed', 40, 12],
    ['merge', 30, 10],
    ['squash', 25, 25],
    ['rebase', 20, 5],
    ['fast-forward', 20, 5],
    ['local-rebase', 20, 5],
  ] as const)(
    '%s: %i commits with %i pull requests, each associated with what it put on main',
    (strategy, commits, pullRequests) => {
      const history = gh.git.bulkHistory({ commits, pullRequests, strategy });
      expect(Number(gh.git.git(['rev-list', '--count', `${base}..main`]).trim())).toBe(commits);
      expect(history.pulls).toHaveLength(pullRequests);
      expect(history.shas).toEqual(
        gh.git
          .git(['rev-list', '--first-parent', '--reverse', `${base}..main`])
          .trim()
          .split('\n'),
      );
      for (const pr of history.pulls) {
        expect(pr.mergeCommitSha && history.shas.includes(pr.mergeCommitSha)).toBe(true);
        expect(gh.git.pulls.forCommit(pr.mergeCommitSha!)).toEqual([pr]);
        if (strategy === 'squash') expect(subject(pr.mergeCommitSha!)).toBe(`${pr.title} (#${pr.number})`);
        if (strategy === 'merge') expect(parents(pr.mergeCommitSha!)).toHaveLength(2);
        // Pushed by hand: the PR's own commit is on main, committed by its author.
        if (strategy === 'fast-forward' || strategy === 'local-rebase') {
          expect(pr.commits).toEqual([pr.mergeCommitSha]);
          expect(gh.git.git(['log', '-1', '--format=%ae|%ce', pr.mergeCommitSha!]).trim()).toMatch(/^(.+)\|\1$/);
        }
      }
      // The work tree follows main, so later commits build on the imported history.
      const next = gh.git.commit({ 'after.txt': '1' }, 'After the import');
      expect(parents(next)).toEqual([history.shas.at(-1)]);
    },
  );

  it("keeps each PR's own commit under refs/pull/<n>/head, beside existing tags, in a repository git finds sound", () => {
    gh.git.tag('v0.1.0', 'HEAD', { annotated: true });
    const history = gh.git.bulkHistory({ commits: 12, pullRequests: 6, strategy: 'squash' });
    for (const pr of history.pulls) expect(gh.git.resolve(`refs/pull/${pr.number}/head`)).toBe(pr.headSha);
    expect(gh.git.resolve('v0.1.0')).toBe(base);
    expect(gh.git.git(['for-each-ref', '--format=%(refname)', 'refs/bulk-import'])).toBe('');
    gh.git.git(['fsck', '--strict', '--no-progress']);
    gh.git.tag('v0.2.0');
    expect(gh.git.resolve('v0.2.0')).toBe(history.shas.at(-1));
  });

  it('refuses more pull requests than the commits can hold', () => {
    expect(() => gh.git.bulkHistory({ commits: 3, pullRequests: 2, strategy: 'merge' })).toThrow(
      /need at least 4 commits/,
    );
  });
});
