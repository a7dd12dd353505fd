// The watch after a release: for `durationMs` from the end of the deploy, count the unresolved issues
// first seen in the release. It polls (the first time at once, so a token that cannot read issues is
// known before any wait) and stops early once the count is over the maximum: there is nothing left to learn.
import { sleep } from '../shared/async.ts';
import { formatDuration } from '../shared/duration.ts';
import { firstLine } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { NewIssues, SentryApi } from './client.ts';

export interface WatchInput {
  release: string;
  projectIds: string[];
  durationMs: number;
  maxNewIssues?: number;
  /** When the watch started counting (ms since epoch): the end of the deploy. */
  since: number;
  /** Between two counts (default one minute). */
  pollMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export interface WatchResult extends NewIssues {
  release: string;
  durationMs: number;
  searchUrl: string;
  /** Over sentry-max-new-issues. */
  exceeded: boolean;
  maxNewIssues?: number;
  /** Stopped before the end: the maximum was already passed. */
  stoppedEarly: boolean;
  /** The last count failed: the numbers are those of an earlier one. */
  stale?: string;
}

export async function watchNewIssues(sentry: SentryApi, logger: Logger, input: WatchInput): Promise<WatchResult> {
  const now = input.now ?? Date.now;
  const deadline = input.since + input.durationMs;
  const pollMs = input.pollMs ?? 60_000;
  const at = new Date(deadline).toISOString().slice(11, 19);
  logger.info(
    `Watching Sentry for new issues in ${input.release} for ${formatDuration(input.durationMs)} (until ${at} UTC).`,
  );
  // The first count is not caught: a token that cannot read issues fails the watch before it waits.
  let last = await sentry.newIssues(input.release, input.projectIds);
  let stale: string | undefined;
  const over = () => input.maxNewIssues !== undefined && last.count > input.maxNewIssues;
  while (!over() && now() < deadline) {
    await sleep(Math.max(0, Math.min(pollMs, deadline - now())), input.signal);
    try {
      last = await sentry.newIssues(input.release, input.projectIds);
      stale = undefined;
      logger.info(`Sentry: ${last.count}${last.exact ? '' : '+'} new issue(s) in ${input.release} so far.`);
    } catch (error) {
      // One failed count in a long watch loses nothing yet: the next one may answer.
      stale = firstLine(error);
      logger.debug(`Counting new Sentry issues failed (${stale}); keeping the previous count.`);
    }
  }
  return {
    ...last,
    release: input.release,
    durationMs: input.durationMs,
    searchUrl: sentry.issuesUrl(input.release, input.projectIds),
    exceeded: over(),
    ...(input.maxNewIssues === undefined ? {} : { maxNewIssues: input.maxNewIssues }),
    stoppedEarly: now() < deadline,
    ...(stale ? { stale } : {}),
  };
}
