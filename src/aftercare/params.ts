// What the chores after a release take: what to do (the inputs), the release they are about, and
// the clients; and what they report (one row per chore, and what is left to do by hand).
import type { GitHubClient } from '../github/client.ts';
import type { Logger } from '../shared/logger.ts';
import type { SentryApi } from '../sentry/client.ts';
import type { SentryParams } from '../sentry/params.ts';
import type { WatchResult } from '../sentry/watch.ts';

export const MILESTONE_MODES = ['off', 'close', 'create-and-close'] as const;
export type MilestoneMode = (typeof MILESTONE_MODES)[number];

export interface AftercareParams {
  releasedComment: boolean;
  milestone: MilestoneMode;
  sentry?: SentryParams;
}

/** The release the chores are about: the tag production (or staging) now runs. */
export interface AftercareRelease {
  tag: string;
  /** 1.3.0 for v1.3.0 (the SHA for a staging deploy). */
  version: string;
  sha: string;
  /** The commit the environment ran before, when known. */
  previousSha?: string;
  /** The GitHub release page, or the tag's page when none was published. */
  releaseUrl: string;
  /** owner/repo */
  repository: string;
  app?: string;
  appUrl?: string;
  runUrl?: string;
  /** When the deploy started and when the new version went live. */
  startedAt: Date;
  liveSince: Date;
}

export type AftercareGitHub = Pick<
  GitHubClient,
  | 'comments'
  | 'createComment'
  | 'milestones'
  | 'createMilestone'
  | 'closeMilestone'
  | 'setMilestone'
  | 'milestoneIssues'
>;

export interface AftercareDeps {
  github: AftercareGitHub;
  sentry?: SentryApi;
  logger: Logger;
  /** The release's pull request numbers (from the release notes engine). */
  pullRequests?: () => Promise<number[]>;
  /** Between two GitHub writes: at least one second in production (facts B7); tests shrink it. */
  spacingMs: number;
  /** Between two counts of the Sentry watch (default one minute). */
  watchPollMs?: number;
  signal?: AbortSignal;
}

export type AftercareStepName = 'sentry' | 'milestone' | 'released-comment' | 'sentry-watch';

export interface AftercareRow {
  name: AftercareStepName;
  outcome: 'success' | 'warning' | 'skipped' | 'failure';
  detail: string;
  durationMs: number | null;
}

export interface AftercareReport {
  rows: AftercareRow[];
  /** Each chore that failed: what happened and what is left to do by hand. */
  warnings: { name: AftercareStepName; message: string; left: string[] }[];
  sentryRelease?: { name: string; url: string };
  watch?: WatchResult;
  /** Set only when the watch saw more new issues than sentry-max-new-issues: the step fails. */
  error?: Error;
}
