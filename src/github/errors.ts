import type { RateLimitRefusal } from './octokit.ts';

function hintFor(status: number): string {
  if (status === 0)
    return 'GitHub could not be reached: check the runner’s network and proxy settings, or retry the job later.';
  if (status === 401) return 'GitHub refused the token: it is invalid or expired; pass a valid `github-token`.';
  if (status === 403) return 'The token lacks a permission this step needs: check the job’s `permissions:`.';
  if (status >= 500) return 'GitHub is failing (https://www.githubstatus.com); retry the job later.';
  return '';
}

/**
 * A GitHub API call that failed: carries the HTTP status and GitHub's own message (never the token),
 * so callers can branch on `status` (404 missing, 403 permission, 422 validation). It is GitHub's
 * failure or the token's, shown as such with what to do (`hint`), never as a bug of this project.
 */
export class GitHubApiError extends Error {
  override readonly name: string = 'GitHubApiError';
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly userFacing = true;
  hint: string;

  constructor(method: string, path: string, status: number, githubMessage: string) {
    super(`GitHub API ${method} ${path} answered ${status === 0 ? 'nothing' : status}: ${githubMessage}`);
    this.status = status;
    this.method = method;
    this.path = path;
    this.hint = hintFor(status);
  }
}

/**
 * 403 on a call the token lacks a permission for (e.g. `deployments: write`). Callers that can do
 * without the call (recording a GitHub Deployment) catch this and warn instead of failing.
 */
export class GitHubPermissionError extends GitHubApiError {
  override readonly name = 'GitHubPermissionError';
}

/** A rate limit whose wait would outlast what this run accepts: which limit, and when to come back. */
export class GitHubRateLimitError extends GitHubApiError {
  override readonly name = 'GitHubRateLimitError';
  readonly limit: RateLimitRefusal['limit'];
  readonly resetAt: Date;

  constructor(method: string, path: string, status: number, githubMessage: string, refusal: RateLimitRefusal) {
    super(method, path, status, githubMessage);
    this.limit = refusal.limit;
    this.resetAt = new Date(Date.now() + refusal.waitSeconds * 1000);
    const at = this.resetAt.toISOString().slice(11, 19);
    this.message =
      `GitHub's ${refusal.limit} rate limit asks to wait ${refusal.waitSeconds} s before ${method} ${path} (until ${at} UTC), ` +
      `longer than this step may wait: ${githubMessage}. Retry after ${at} UTC, and spread the jobs that share this token.`;
    this.hint = '';
  }
}

export function isPermissionError(error: unknown): error is GitHubPermissionError {
  return error instanceof GitHubPermissionError;
}
