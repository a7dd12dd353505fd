// What a review-app run takes: the inputs, read and checked, and its clients.
import type { DeployDeps, PostDeployParams } from '../deploy/deploy.ts';
import type { GitHubClient } from '../github/client.ts';
import type { ScalingoApi } from '../scalingo/api.ts';
import type { AddonSpec } from './addons.ts';
import type { CommentGitHub } from './comment.ts';

export type ReviewAppMode = 'child-app' | 'integration';
export type DatabaseMode = 'fresh' | 'copy-of-parent';

export interface ReviewAppParams {
  mode: ReviewAppMode;
  parentApp: string;
  /** `pr-number`: the pull request of a run on another event (workflow_dispatch); the payload's wins. */
  pullRequest: number | undefined;
  addons: AddonSpec[];
  /** Values may hold %APP_NAME%, %APP_HOST%, %APP_URL%, %PR_NUMBER%. */
  env: Record<string, string>;
  unsetEnv: string[];
  /** Commands run once, after the first successful deploy (the post-deploy path). */
  seed: PostDeployParams | undefined;
  database: DatabaseMode;
  allowForks: boolean;
  skipBots: boolean;
  maxReviewApps: number;
  /** A scheduled run deletes review apps of closed pull requests and those idle longer than maxAgeMs. */
  cleanup: boolean;
  maxAgeMs: number;
  addonTimeoutMs: number;
  timeoutMs: number;
  comment: boolean;
  healthCheck: { target: string; timeoutMs: number } | undefined;
  /** How often to look again while Scalingo works (addons, review apps); tests shorten it. */
  pollIntervalMs?: number;
}

export type ReviewGitHub = DeployDeps['github'] &
  CommentGitHub &
  Pick<GitHubClient, 'listDeployments' | 'latestDeploymentStatus' | 'pullRequestState'>;

export interface ReviewAppDeps extends DeployDeps {
  scalingo: ScalingoApi;
  github: ReviewGitHub;
}

export type ReviewAppAction = 'created' | 'updated' | 'deleted' | 'skipped';

export interface ReviewAppResult {
  action: ReviewAppAction;
  app?: string;
  appUrl?: string;
  deploymentId?: string;
  status?: string;
  sha?: string;
  addons: { provider: string; plan: string; id: string; status: string }[];
  /** Seed or restore results, a line each. */
  seed: string[];
  /** Notices for the summary: why nothing was done, what was cleaned up. */
  notes: string[];
  commentUrl?: string;
}
