// Scalingo builds one deployment of an app at a time: ours waits for any already in progress
// instead of queueing behind it blind (and the verdict we report is then about our commit only).
import type { ScalingoApi } from '../scalingo/api.ts';
import { isDeploymentFinished } from '../scalingo/types.ts';
import type { Deployment } from '../scalingo/types.ts';
import type { Logger } from '../shared/logger.ts';
import { ConfigurationError } from '../shared/errors.ts';
import { followDeployment } from './follow.ts';

export interface WaitRunningOptions {
  app: string;
  streamUrl?: string | undefined;
  deadline: number;
  pollIntervalMs?: number;
  /** How `timeout` was written, for the error message. */
  timeoutText: string;
  signal?: AbortSignal;
}

export async function findRunningDeployments(
  scalingo: Pick<ScalingoApi, 'deployments'>,
  app: string,
): Promise<Deployment[]> {
  const { deployments } = await scalingo.deployments.list(app, { page: 1, perPage: 20 });
  return deployments.filter((d) => !isDeploymentFinished(d.status));
}

/** Returns the deployments it waited for; throws when one is still running at the deadline. */
export async function waitForRunningDeployments(
  deps: { scalingo: Pick<ScalingoApi, 'deployments' | 'deploymentStream'>; logger: Logger },
  options: WaitRunningOptions,
): Promise<Deployment[]> {
  const running = await findRunningDeployments(deps.scalingo, options.app);
  const waited: Deployment[] = [];
  for (const other of running) {
    const who = other.pusher?.username ? ` by ${other.pusher.username}` : '';
    deps.logger.info(
      `Deployment ${other.id}${who} (${other.git_ref ?? 'unknown ref'}) is ${other.status} on ${options.app}; waiting for it to finish first.`,
    );
    const result = await followDeployment(deps, {
      ...options,
      deploymentId: other.id,
      printLogs: false,
      known: other,
    });
    if (result.cancelled) throw options.signal?.reason;
    if (result.timedOut) {
      throw new ConfigurationError(
        `Deployment ${other.id} already running on ${options.app} did not finish within ${options.timeoutText}, so ours was not started. ` +
          'Wait for it (or cancel it in the Scalingo dashboard) and run this job again, or raise `timeout`.',
      );
    }
    deps.logger.info(`Deployment ${other.id} finished with status '${result.status}'.`);
    waited.push(result.deployment);
  }
  return waited;
}
