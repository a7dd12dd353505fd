import type { GitHubClient } from '../github/client.ts';
import type { PullRequest as GitHubPullRequest, PullRequestAnswer } from '../github/types.ts';
import type { Logger } from '../shared/logger.ts';
import { mayBelongToPullRequest } from './commit.ts';
import type { Commit } from './commit.ts';
import { matchListed, numberFromSubject } from './match-listed.ts';
import type { Change, PullRequest } from './pull-request.ts';

export { numberFromSubject } from './match-listed.ts';

export type PullRequestLookup = Pick<GitHubClient, 'lookUpPullRequests' | 'mergedPullRequests'>;

const REVERTS_PR = /\bReverts [\w.-]+\/[\w.-]+#(\d+)\b/;
const REVERTS_COMMIT = /\bThis reverts commit ([0-9a-f]{40})\b/;
// A pull request merged in the range was merged after its oldest commit was committed, give or
// take the committer's clock: the listing goes a day further back.
const CLOCK_SLACK_MS = 24 * 3600_000;

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
 * once, whatever its merge style, and the commits no pull request brought in.
 *
 * First the merged pull requests updated since the range's oldest commit are listed, 100 a page
 * with their commits (ceil(PRs / 100) queries, one more when older ones exist): matched by merge
 * commit and by commits, they settle merge, squash and rebase merges and pull requests pushed to the
 * branch by hand. The listing stops after one page per 100 first-parent commits (each pull request
 * of the range brings at least one) plus one: for an old range, whose later pull requests would
 * take many pages, the commits it left unsettled are looked up as below.
 * Then lookups, 100 a query, only for what the listing could not settle: numbers in subjects it did
 * not list (a backported squash commit), and, when the listing was cut short, the commits that may
 * belong to a pull request (mayBelongToPullRequest).
 */
export async function collectChanges(
  github: PullRequestLookup,
  commitsNewestFirst: readonly Commit[],
  logger: Logger,
): Promise<Change[]> {
  const commits = [...commitsNewestFirst].reverse();
  const prOf = new Map<string, PullRequest>();
  let settled = true;
  if (commits.length > 0) {
    const dates = commits.flatMap((c) => (c.committedAt ? [Date.parse(c.committedAt)] : [])).filter(Number.isFinite);
    const since = dates.length > 0 ? new Date(Math.min(...dates) - CLOCK_SLACK_MS).toISOString() : undefined;
    const listing = await github.mergedPullRequests({
      ...(since ? { since } : {}),
      maxPages: Math.ceil(commits.length / 100) + 1,
    });
    for (const [sha, pr] of matchListed(listing.pulls, commits)) prOf.set(sha, fromGitHub(pr));
    // Over 100 commits: the listing holds only its first 100, the others are looked up.
    settled = listing.complete && listing.pulls.every((pr) => pr.commits.length >= pr.commitCount);
    if (!settled) logger.debug('The listing of merged pull requests did not reach the start of the range');
  }
  await lookUpTheRest(github, commits, prOf, settled, logger);
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

/**
 * One round of lookups for the numbers the listing did not have and (when it was cut short) the
 * other commits that may belong to a pull request; a second round only for commits whose subject
 * names a number that is not a merged pull request.
 */
async function lookUpTheRest(
  github: PullRequestLookup,
  commits: readonly Commit[],
  prOf: Map<string, PullRequest>,
  settled: boolean,
  logger: Logger,
): Promise<void> {
  const open = commits.filter((c) => !prOf.has(c.sha));
  const numbers = [...new Set(open.flatMap((c) => numberFromSubject(c.subject) ?? []))];
  const unnumbered = settled
    ? []
    : open.filter((c) => numberFromSubject(c.subject) === undefined && mayBelongToPullRequest(c));
  const byNumber = new Map<number, PullRequest>();
  const associate = (answer: PullRequestAnswer, asked: readonly Commit[]) => {
    for (const commit of asked) {
      const candidates = (answer.byCommit.get(commit.sha) ?? []).filter((pr) => pr.mergedAt !== null);
      const pr = candidates.find((c) => c.mergeCommitSha === commit.sha) ?? candidates[0];
      if (pr) prOf.set(commit.sha, byNumber.get(pr.number) ?? fromGitHub(pr));
    }
  };
  if (numbers.length > 0 || unnumbered.length > 0) {
    logger.debug(`Looking up ${numbers.length} pull request number(s) and ${unnumbered.length} commit(s) more`);
    const answer = await github.lookUpPullRequests({ numbers, shas: unnumbered.map((c) => c.sha) });
    for (const pr of answer.byNumber.values()) if (pr.mergedAt !== null) byNumber.set(pr.number, fromGitHub(pr));
    associate(answer, unnumbered);
  }
  const misnumbered: Commit[] = [];
  for (const commit of open) {
    const number = numberFromSubject(commit.subject);
    if (number === undefined) continue;
    const pr = byNumber.get(number);
    if (pr) prOf.set(commit.sha, pr);
    else if (!settled && mayBelongToPullRequest(commit)) misnumbered.push(commit);
  }
  if (misnumbered.length > 0) {
    logger.debug(
      `Looking up the pull requests of ${misnumbered.length} commit(s) whose subject names no merged pull request`,
    );
    associate(await github.lookUpPullRequests({ shas: misnumbered.map((c) => c.sha) }), misnumbered);
  }
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
