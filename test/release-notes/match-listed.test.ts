import { describe, expect, it } from 'vitest';
import type { ListedPullRequest } from '../../src/github/types.ts';
import type { Commit } from '../../src/release-notes/commit.ts';
import { matchListed } from '../../src/release-notes/match-listed.ts';

const sha = (n: number) => n.toString(16).padStart(40, '0');
const GITHUB = 'noreply@github.com';

function commit(n: number, subject: string, options: { parents?: number[]; committer?: string } = {}): Commit {
  return {
    sha: sha(n),
    parents: (options.parents ?? [n - 1]).map(sha),
    subject,
    body: '',
    authorName: 'Alice',
    authorEmail: 'alice@example.com',
    committerEmail: options.committer ?? 'alice@example.com',
  };
}

function pr(
  number: number,
  merge: number,
  commits: [number, string][],
  mergedAt = '2026-01-05T10:00:00Z',
): ListedPullRequest {
  return {
    number,
    title: `PR ${number}`,
    body: '',
    url: `https://github.com/acme/shop/pull/${number}`,
    mergedAt,
    mergeCommitSha: sha(merge),
    author: { login: 'alice', isBot: false },
    labels: [],
    baseRefName: 'main',
    updatedAt: mergedAt,
    commits: commits.map(([n, subject]) => ({ sha: sha(n), subject })),
    commitCount: commits.length,
  };
}

const matched = (pulls: ListedPullRequest[], commits: Commit[]) =>
  commits.map((c) => matchListed(pulls, commits).get(c.sha)?.number ?? null);

describe('matchListed', () => {
  it.each([
    [
      'a merge commit, by its merged head when GitHub names another merge commit',
      [pr(1, 99, [[10, 'Work']])],
      [commit(2, "Merge branch 'feature'", { parents: [1, 10] })],
      [1],
    ],
    [
      'commits pushed by hand, by the pull request’s commits',
      [
        pr(1, 3, [
          [2, 'One'],
          [3, 'Two'],
        ]),
      ],
      [commit(2, 'One'), commit(3, 'Two')],
      [1, 1],
    ],
    [
      'a commit in two stacked pull requests, to the first merged',
      [
        pr(
          2,
          3,
          [
            [2, 'One'],
            [3, 'Two'],
          ],
          '2026-01-06T00:00:00Z',
        ),
        pr(1, 2, [[2, 'One']], '2026-01-05T00:00:00Z'),
      ],
      [commit(2, 'One'), commit(3, 'Two')],
      [1, 2],
    ],
    [
      'a squash commit by the number in its subject, when its merge commit is another',
      [pr(7, 99, [[50, 'Whatever']])],
      [commit(2, 'Fix things (#7)', { committer: GITHUB })],
      [7],
    ],
    [
      'a rebase merge: the earlier replayed commits by their subjects, in order, committed by GitHub',
      [
        pr(1, 4, [
          [20, 'Step one'],
          [21, 'Step two'],
          [22, 'Step three'],
        ]),
      ],
      [
        commit(2, 'Step one', { committer: GITHUB }),
        commit(3, 'Step two', { committer: GITHUB }),
        commit(4, 'Step three', { committer: GITHUB }),
      ],
      [1, 1, 1],
    ],
    [
      'not a direct commit before a rebase merge, even with a subject of the pull request',
      [
        pr(1, 3, [
          [20, 'Update README.md'],
          [21, 'Step two'],
        ]),
      ],
      [commit(2, 'Update README.md'), commit(3, 'Step two', { committer: GITHUB })],
      [null, 1],
    ],
    [
      'not a GitHub web edit before a squash merge, whatever its subject',
      [pr(1, 3, [[20, 'Update README.md']])],
      [commit(2, 'Update README.md', { committer: GITHUB }), commit(3, 'PR 1 (#1)', { committer: GITHUB })],
      [null, 1],
    ],
  ])('matches %s', (_what, pulls, commits, expected) => {
    expect(matched(pulls, commits)).toEqual(expected);
  });
});
