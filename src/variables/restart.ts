// Variables reach the containers only when they restart (§9): restart, then wait for the restart
// operation to be `done`. One function for the variables action and the maintenance window.
import type { ScalingoApi } from '../scalingo/api.ts';
import { ConfigurationError, describeError } from '../shared/errors.ts';
import { formatDuration } from '../shared/duration.ts';
import type { Logger } from '../shared/logger.ts';

export interface RestartResult {
  durationMs: number;
  /** False when Scalingo gave no operation to follow: the restart was accepted, not seen done. */
  confirmed: boolean;
}

export async function restartAndConfirm(
  deps: { scalingo: Pick<ScalingoApi, 'apps'>; logger: Logger },
  app: string,
  options: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal; why: string },
): Promise<RestartResult> {
  const started = Date.now();
  deps.logger.info(`Restarting ${app} ${options.why}; waiting for the restart to be done.`);
  let operation;
  try {
    operation = await deps.scalingo.apps.restartAndWait(app, {
      timeoutMs: options.timeoutMs,
      ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw new ConfigurationError(`The restart of ${app} ${options.why} did not complete: ${describeError(error)}`);
  }
  const durationMs = Date.now() - started;
  if (operation === null) {
    deps.logger.warning(
      `Scalingo accepted the restart of ${app} without an operation to follow: it could not be confirmed done.`,
    );
    return { durationMs, confirmed: false };
  }
  deps.logger.info(`Restart of ${app} done in ${formatDuration(durationMs)}.`);
  return { durationMs, confirmed: true };
}
