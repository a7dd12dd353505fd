/**
 * A GitHub API call that failed: carries the HTTP status and GitHub's own message (never the token),
 * so callers can branch on `status` (404 missing, 403 permission, 422 validation).
 */
export class GitHubApiError extends Error {
  override readonly name: string = 'GitHubApiError';
  readonly status: number;
  readonly method: string;
  readonly path: string;

  constructor(method: string, path: string, status: number, githubMessage: string) {
    super(`GitHub API ${method} ${path} answered ${status}: ${githubMessage}`);
    this.status = status;
    this.method = method;
    this.path = path;
  }
}

/**
 * 403 on a call the token lacks a permission for (e.g. `deployments: write`). Callers that can do
 * without the call (recording a GitHub Deployment) catch this and warn instead of failing.
 */
export class GitHubPermissionError extends GitHubApiError {
  override readonly name = 'GitHubPermissionError';
}

export function isPermissionError(error: unknown): error is GitHubPermissionError {
  return error instanceof GitHubPermissionError;
}
