// Which listed pull request each commit of the range belongs to, from the listing alone (no call):
// by merge commit (merge, squash, the last commit of a rebase merge, the head of a pull request
// pushed by hand), by the pull request's commits (pushed as they were, or rebased and force-pushed
// first: GitHub marks it merged with those same commits), by a merge commit's merged head, by the
// number in the subject, and the earlier commits of a GitHub rebase merge by their subjects.
import type { ListedPullRequest } from '../github/types.ts';
import { committedByGitHub } from './commit.ts';
import type { Commit } from './commit.ts';

// GitHub's merge-commit subject, and the `(#N)` GitHub appends to a squash merge's subject.
const MERGE_SUBJECT = /^Merge pull request #(\d+)\b/;
const SQUASH_SUBJECT = /\(#(\d+)\)\s*$/;

export function numberFromSubject(subject: string): number | undefined {
  const match = MERGE_SUBJECT.exec(subject) ?? SQUASH_SUBJECT.exec(subject);
  return match ? Number(match[1]) : undefined;
}

/** Commit SHA -> the listed pull request it belongs to, for the commits of the range it settles. */
export function matchListed(
  pulls: readonly ListedPullRequest[],
  commitsOldestFirst: readonly Commit[],
): Map<string, ListedPullRequest> {
  const byNumber = new Map(pulls.map((pr) => [pr.number, pr]));
  const bySha = new Map<string, ListedPullRequest>();
  // A commit in several pull requests (one branched off another) belongs to the first merged.
  for (const pr of pulls.toSorted((a, b) => (a.mergedAt ?? '').localeCompare(b.mergedAt ?? '')))
    for (const commit of pr.commits) if (!bySha.has(commit.sha)) bySha.set(commit.sha, pr);
  for (const pr of pulls) if (pr.mergeCommitSha) bySha.set(pr.mergeCommitSha, pr);

  const found = new Map<string, ListedPullRequest>();
  // While walking back from a rebase merge's last commit: the subjects its earlier commits must have.
  let rebased: { pr: ListedPullRequest; subjects: string[] } | undefined;
  for (const commit of commitsOldestFirst.toReversed()) {
    const number = numberFromSubject(commit.subject);
    const pr =
      bySha.get(commit.sha) ??
      (commit.parents.length > 1 ? bySha.get(commit.parents[1]!) : undefined) ??
      (number === undefined ? undefined : byNumber.get(number));
    if (pr) {
      found.set(commit.sha, pr);
      rebased = rebaseMergeOf(pr, commit);
      continue;
    }
    if (rebased && committedByGitHub(commit) && rebased.subjects[0] === commit.subject) {
      found.set(commit.sha, rebased.pr);
      rebased.subjects.shift();
      continue;
    }
    rebased = undefined;
  }
  return found;
}

/**
 * GitHub's rebase merge replays each commit (new SHAs, committed by GitHub) and names the last one
 * as merge commit: walking back from it, the commits before are the pull request's earlier ones,
 * in order, with the same subjects.
 */
function rebaseMergeOf(
  pr: ListedPullRequest,
  commit: Commit,
): { pr: ListedPullRequest; subjects: string[] } | undefined {
  const subjects = pr.commits.map((c) => c.subject).toReversed();
  if (pr.mergeCommitSha !== commit.sha || commit.parents.length > 1 || subjects[0] !== commit.subject) return undefined;
  if (pr.commits.some((c) => c.sha === commit.sha)) return undefined;
  return { pr, subjects: subjects.slice(1) };
}
