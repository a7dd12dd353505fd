import type { GitHubClient } from '../github/client.ts';
import type { PullRequest as GitHubPullRequest, PullRequestAnswer } from '../github/types.ts';
import type { Logger } from '../shared/logger.ts';
import { mayBelongToPullRequest } from './commit.ts';
import type { Commit } from './commit.ts';
import type { Change, PullRequest } from './pull-request.ts';

export type PullRequestLookup = Pick<GitHubClient, 'lookUpPullRequests'>;

// GitHub's merge-commit subject, and the `(#N)` GitHub appends to a squash merge's subject.
const MERGE_SUBJECT = /^Merge pull request #(\d+)\b/;
const SQUASH_SUBJECT = /\(#(\d+)\)\s*$/;
const REVERTS_PR = /\bReverts [\w.-]+\/[\w.-]+#(\d+)\b/;
const REVERTS_COMMIT = /\bThis reverts commit ([0-9a-f]{40})\b/;

export function numberFromSubject(subject: string): number | undefined {
  const match = MERGE_SUBJECT.exec(subject) ?? SQUASH_SUBJECT.exec(subject);
  return match ? Number(match[1]) : undefined;
}

function fromGitHub(pr: GitHubPullRequest): PullRequest {
  return {
    number: pr.number,
    title: pr.title,
    url: pr.url,
    body: pr.body ?? '',
    labels: pr.labels,
    author: pr.author.login === 'ghost' ? null : pr.author.login,
    authorIsBot: pr.author.isBot,
    mergeCommit: pr.mergeCommitSha,
    merged: pr.mergedAt !== null,
  };
}

/**
 * Turns the range's commits into the changes of the notes, oldest first: each merged pull request
 * once (merge, squash and rebase merges alike), and the commits no pull request brought in.
 * One round of GraphQL queries, 100 lookups each, asks both for the numbers read from subjects
 * and for the associated pull requests of the other commits that may belong to one
 * (mayBelongToPullRequest): ceil(lookups / 100) queries. A second round is needed only for
 * commits whose subject names a number that is not a merged pull request.
 */
export async function collectChanges(
  github: PullRequestLookup,
  commitsNewestFirst: readonly Commit[],
  logger: Logger,
): Promise<Change[]> {
  const commits = [...commitsNewestFirst].reverse();
  const numbers = [...new Set(commits.flatMap((c) => numberFromSubject(c.subject) ?? []))];
  const unnumbered = commits.filter((c) => numberFromSubject(c.subject) === undefined && mayBelongToPullRequest(c));
  const byNumber = new Map<number, PullRequest>();
  const prOf = new Map<string, PullRequest>();
  const associate = (answer: PullRequestAnswer, asked: readonly Commit[]) => {
    for (const commit of asked) {
      const candidates = (answer.byCommit.get(commit.sha) ?? []).filter((pr) => pr.mergedAt !== null);
      const pr = candidates.find((c) => c.mergeCommitSha === commit.sha) ?? candidates[0];
      if (pr) prOf.set(commit.sha, byNumber.get(pr.number) ?? fromGitHub(pr));
    }
  };
  if (numbers.length > 0 || unnumbered.length > 0) {
    if (unnumbered.length > 0)
      logger.debug(`Looking up the pull requests of ${unnumbered.length} commit(s) whose subject names none`);
    const answer = await github.lookUpPullRequests({ numbers, shas: unnumbered.map((c) => c.sha) });
    for (const pr of answer.byNumber.values()) if (pr.mergedAt !== null) byNumber.set(pr.number, fromGitHub(pr));
    associate(answer, unnumbered);
  }
  const misnumbered: Commit[] = [];
  for (const commit of commits) {
    const number = numberFromSubject(commit.subject);
    if (number === undefined) continue;
    const pr = byNumber.get(number);
    if (pr) prOf.set(commit.sha, pr);
    else if (mayBelongToPullRequest(commit)) misnumbered.push(commit);
  }
  if (misnumbered.length > 0) {
    logger.debug(
      `Looking up the pull requests of ${misnumbered.length} commit(s) whose subject names no merged pull request`,
    );
    associate(await github.lookUpPullRequests({ shas: misnumbered.map((c) => c.sha) }), misnumbered);
  }
  const changes: Change[] = [];
  const listed = new Set<number>();
  for (const commit of commits) {
    const pr = prOf.get(commit.sha);
    if (!pr) {
      changes.push({ kind: 'commit', sha: commit.sha, subject: commit.subject });
    } else if (!listed.has(pr.number)) {
      listed.add(pr.number);
      changes.push({ kind: 'pull-request', pullRequest: pr });
    }
  }
  return dropReverted(changes, commits, prOf, logger);
}

/** A change and its revert inside the same release cancel out: neither reaches the notes. */
function dropReverted(changes: Change[], commits: Commit[], prOf: Map<string, PullRequest>, logger: Logger): Change[] {
  const gone = new Set<string>();
  const keyOf = (c: Change) => (c.kind === 'commit' ? c.sha : `#${c.pullRequest.number}`);
  const present = new Set(changes.map(keyOf));
  for (const change of changes) {
    if (change.kind !== 'pull-request') continue;
    const target = REVERTS_PR.exec(change.pullRequest.body)?.[1];
    if (target && present.has(`#${target}`)) gone.add(`#${target}`).add(keyOf(change));
  }
  for (const commit of commits) {
    const target = REVERTS_COMMIT.exec(commit.body)?.[1];
    if (!target || !commits.some((c) => c.sha === target)) continue;
    const revertedPr = prOf.get(target);
    const revertPr = prOf.get(commit.sha);
    gone.add(revertedPr ? `#${revertedPr.number}` : target).add(revertPr ? `#${revertPr.number}` : commit.sha);
  }
  if (gone.size > 0)
    logger.info(`Left out ${gone.size} change(s) reverted within this release: ${[...gone].join(', ')}`);
  return changes.filter((c) => !gone.has(keyOf(c)));
}
