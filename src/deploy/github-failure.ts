// GitHub calls the deploy cannot do without (resolving the ref, the archive URL): their failures are
// the user's to fix (token permissions, GitHub availability), so they become ConfigurationErrors.
import { GitHubApiError, GitHubRateLimitError, isPermissionError } from '../github/errors.ts';
import { ConfigurationError } from '../shared/errors.ts';

export function githubFailure(what: string, error: unknown): unknown {
  if (!(error instanceof GitHubApiError) || error instanceof GitHubRateLimitError) return error;
  if (isPermissionError(error) || error.status === 401) {
    return new ConfigurationError(
      `Input 'github-token': GitHub refused to ${what} (${error.status}). ` +
        'Give the job `permissions: { contents: read, deployments: write }`, or pass a token that can read the repository.',
    );
  }
  return new ConfigurationError(
    `GitHub failed to ${what}, even after retries (${error.message}). GitHub may be having an incident (https://www.githubstatus.com); retry the job later.`,
  );
}
