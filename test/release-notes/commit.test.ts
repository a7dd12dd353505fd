import { describe, expect, it } from 'vitest';
import { firstParentChain, mayBelongToPullRequest } from '../../src/release-notes/commit.ts';
import type { Commit } from '../../src/release-notes/commit.ts';
import { numberFromSubject } from '../../src/release-notes/collect.ts';

const commit = (sha: string, parents: string[], extra: Partial<Commit> = {}): Commit => ({
  sha,
  parents,
  subject: sha,
  body: '',
  authorName: 'A',
  ...extra,
});

describe('mayBelongToPullRequest', () => {
  it.each([
    ['a rebase merge made by GitHub', { authorEmail: 'alice@x.org', committerEmail: 'noreply@github.com' }, 1, true],
    [
      'a pull request rebased locally by a maintainer',
      { authorEmail: 'alice@x.org', committerEmail: 'max@x.org' },
      1,
      true,
    ],
    ['a local merge commit', { authorEmail: 'max@x.org', committerEmail: 'max@x.org' }, 2, true],
    ['a commit its author pushed', { authorEmail: 'Max@x.org', committerEmail: 'max@x.org' }, 1, false],
    ['a commit whose emails the API did not give', {}, 1, true],
  ])('%s -> %s', (_what, emails, parentCount, expected) => {
    const parents = Array.from({ length: parentCount }, (_, i) => `p${i}`);
    expect(mayBelongToPullRequest(commit('c', parents, emails))).toBe(expected);
  });
});

describe('numberFromSubject', () => {
  it.each([
    ['Merge pull request #12 from acme/cart', 12],
    ['feat: cart (#34)', 34],
    ['feat: cart (#34) ', 34],
    ['Revert "feat: cart (#34)"', undefined],
    ['fix #56 in totals', undefined],
    ['Merge branch main into cart', undefined],
  ])('%j -> %s', (subject, expected) => {
    expect(numberFromSubject(subject)).toBe(expected);
  });
});

describe('firstParentChain', () => {
  it('keeps the commits of the branch, not the side commits a merge brought in', () => {
    // a <- b <- m(b, s2) <- c, with s1 <- s2 on the side branch.
    const commits = [
      commit('c', ['m']),
      commit('m', ['b', 's2']),
      commit('s2', ['s1']),
      commit('s1', ['a']),
      commit('b', ['a']),
    ];
    expect(firstParentChain(commits, 'c').map((c) => c.sha)).toEqual(['c', 'm', 'b']);
  });
});
