import { GitHubClient } from '../../src/github/index.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import type { GitHubDouble } from '../../sandbox/github/index.ts';

/** A client on the double with tiny backoff delays, and the logger it masks secrets with. */
export function clientFor(
  gh: GitHubDouble,
  logger = new MemoryLogger(),
): { client: GitHubClient; logger: MemoryLogger } {
  const client = new GitHubClient({
    token: gh.token,
    apiUrl: gh.apiUrl,
    graphqlUrl: gh.graphqlUrl,
    owner: gh.owner,
    repo: gh.repo,
    logger,
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 50 },
  });
  return { client, logger };
}
