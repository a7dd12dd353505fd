// The clients every action builds from its inputs, built in one place so timeouts, retries and the
// proxy are the same everywhere.
import { GitHubClient } from '../github/client.ts';
import { ScalingoClient } from '../scalingo/client.ts';
import type { RunContext } from '../shared/context.ts';
import type { Logger } from '../shared/logger.ts';
import type { ScalingoSettings } from '../shared/scalingo-settings.ts';

/**
 * `maxWaitMs`: how long a GitHub rate-limit wait may last before the step fails saying when the
 * limit resets; the step's own time budget when it has one (a deploy's `timeout`).
 */
export function githubClient(token: string, context: RunContext, logger: Logger, maxWaitMs?: number): GitHubClient {
  return new GitHubClient({
    token,
    apiUrl: context.apiUrl,
    graphqlUrl: context.graphqlUrl,
    owner: context.owner,
    repo: context.repo,
    logger,
    ...(maxWaitMs === undefined ? {} : { maxWaitMs }),
  });
}

export function scalingoClient(settings: ScalingoSettings, logger: Logger): ScalingoClient {
  return new ScalingoClient({ ...settings, logger });
}
