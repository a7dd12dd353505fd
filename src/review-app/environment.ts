// The review app's GitHub environment, `review/pr-<N>`: transient, so GitHub shows it destroyed once
// its deployments are inactive; GitHub never marks transient ones inactive by itself (facts B4).
import type { GitHubClient } from '../github/client.ts';
import type { Logger } from '../shared/logger.ts';

export const environmentOf = (pullRequest: number): string => `review/pr-${pullRequest}`;

/** Sets every deployment of the environment inactive; returns how many it changed. */
export async function deactivateEnvironment(
  github: Pick<GitHubClient, 'listDeployments' | 'latestDeploymentStatus' | 'createDeploymentStatus'>,
  logger: Logger,
  environment: string,
): Promise<number> {
  try {
    let changed = 0;
    for (const deployment of await github.listDeployments({ environment })) {
      const latest = await github.latestDeploymentStatus(deployment.id);
      if (latest?.state === 'inactive') continue;
      await github.createDeploymentStatus(deployment.id, { state: 'inactive', description: 'Review app deleted' });
      changed++;
    }
    return changed;
  } catch (error) {
    logger.warning(`Could not mark the GitHub deployments of ${environment} inactive: ${(error as Error).message}.`);
    return 0;
  }
}
