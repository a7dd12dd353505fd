// A cancelled job never leaves a lie behind. The main step does what it can when the runner signals
// it; the `post:` step (post-if: always()) redoes it from the state the main step kept, in case the
// runner killed it first: the GitHub Deployment goes to `error`, a one-off container still running
// is stopped. Both are safe to repeat.
import type { GitHubClient } from '../github/client.ts';
import { ONE_OFF_STATE } from '../post-deploy/run-commands.ts';
import type { ScalingoApi } from '../scalingo/api.ts';
import { ScalingoApiError } from '../scalingo/errors.ts';
import type { Logger } from '../shared/logger.ts';

export const GITHUB_DEPLOYMENT_STATE = 'github-deployment';
export const SCALINGO_DEPLOYMENT_STATE = 'scalingo-deployment';

const LIVE = new Set(['in_progress', 'queued', 'pending']);

export interface CleanupDeps {
  github: Pick<GitHubClient, 'latestDeploymentStatus' | 'createDeploymentStatus'>;
  scalingo: Pick<ScalingoApi, 'oneOff'>;
  logger: Logger;
}

/** Returns what it did, one sentence each, for the summary. */
export async function cleanUpAfterCancel(deps: CleanupDeps, state: (name: string) => string): Promise<string[]> {
  const done: string[] = [];
  const [app = '', deploymentId = ''] = state(SCALINGO_DEPLOYMENT_STATE).split(' ');
  const githubId = Number(state(GITHUB_DEPLOYMENT_STATE));
  if (githubId > 0) {
    const latest = await deps.github.latestDeploymentStatus(githubId);
    if (latest && LIVE.has(latest.state)) {
      const description = deploymentId
        ? `Cancelled; Scalingo deployment ${deploymentId} may still be running`
        : 'Cancelled before the Scalingo deployment was created';
      await deps.github.createDeploymentStatus(githubId, { state: 'error', description });
      done.push(`GitHub deployment ${githubId} set to error: ${description}.`);
    }
  }
  const [oneOffApp = '', container = ''] = state(ONE_OFF_STATE).split(' ');
  if (container) {
    try {
      await deps.scalingo.oneOff.stop(oneOffApp, container);
      done.push(`One-off container ${container} of ${oneOffApp} stopped.`);
    } catch (error) {
      // Already gone: what the cleanup wanted.
      if (!(error instanceof ScalingoApiError && error.kind === 'not-found')) throw error;
    }
  }
  if (deploymentId)
    done.push(`Scalingo deployment ${deploymentId} of ${app} was not stopped: Scalingo finishes it on its own.`);
  for (const line of done) deps.logger.info(line);
  return done;
}
