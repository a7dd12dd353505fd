// Starting an attached one-off and stopping what a deadline, a cancel or a failure leaves behind:
// shared by the one-off per command and the one container for a whole step.
import type { OneOffAttachment, ScalingoApi } from '../scalingo/api.ts';
import { abortable } from '../shared/async.ts';
import { formatDuration } from '../shared/duration.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';

export type OneOffApi = Pick<ScalingoApi, 'oneOff' | 'operations'>;

export const INACTIVITY_MESSAGE =
  '/wait answered HTTP 408: Scalingo closes attached one-offs after 30 minutes without output. Make the command print progress regularly, or split it into shorter commands.';

/** Set when the deadline passes; never shown to the user. */
export class DeadlineReached extends Error {}

/** What exists so far of a one-off being started: what a deadline or a failure must clean up. */
export interface LiveOneOff {
  containerId?: string;
  pendingRun?: Promise<unknown>;
  attachment?: OneOffAttachment;
  streaming?: Promise<unknown>;
  attachUrl?: string;
}

export const NO_ATTACH_URL = 'Scalingo started the one-off without giving an attach URL, so it could not be followed.';

/**
 * Starts an attached one-off and attaches to it (scalingo-api.md §8, steps 1 and 3); the command
 * starts once attached. `live` keeps what exists, for the caller's cleanup after a deadline.
 */
export async function startAttached(
  api: OneOffApi,
  request: { app: string; command: string; size: string; env: Record<string, string> },
  io: { logger: Logger; onContainer?: (containerId: string | undefined) => void },
  signal: AbortSignal,
  live: LiveOneOff,
): Promise<{ attachment: OneOffAttachment; attachUrl: string } | { failure: string }> {
  const run = api.oneOff.run(request.app, { command: request.command, env: request.env, size: request.size });
  live.pendingRun = run.then(
    (started) => {
      live.containerId = started.container.id;
      io.onContainer?.(started.container.id);
    },
    () => undefined,
  );
  const { container, operationId } = await abortable(run, signal);
  io.logger.debug(`One-off ${container.label} (${container.id}) requested; operation ${operationId}.`);

  const operation = await api.operations.waitDone(request.app, operationId, { intervalMs: 1000, signal });
  const attachUrl = operation.start_one_off_data?.attach_url;
  if (!attachUrl) return { failure: NO_ATTACH_URL };

  live.attachUrl = attachUrl;
  const attaching = api.oneOff.attach(attachUrl);
  attaching.then(
    (opened) => {
      live.attachment = opened;
      // Attached only after the deadline: nobody reads it any more.
      if (signal.aborted) opened.close();
    },
    () => undefined,
  );
  const attachment = await abortable(attaching, signal);
  // A CI job has no stdin: end the command's at once, so a prompt reads end of input instead of
  // waiting for the timeout (the CLI sends the same 0x04 when its own stdin ends).
  attachment.endInput();
  return { attachment, attachUrl };
}

/** Started but never attached (attach refused): the container would wait for us in vain. */
export async function stopUnattached(api: OneOffApi, app: string, live: LiveOneOff, logger: Logger): Promise<void> {
  if (live.attachUrl && !live.attachment) await stopContainer(api, app, live.containerId, logger);
}

/** After a deadline or a cancel: stops what was started; says how that went, for the message. */
export async function stopLive(api: OneOffApi, app: string, live: LiveOneOff, logger: Logger): Promise<string> {
  live.attachment?.close();
  // Let the last bytes reach the log before the verdict (closing ends the stream at once).
  if (live.streaming) await Promise.race([live.streaming, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  // A start request still in flight will create a container: wait for it so it can be stopped too.
  await live.pendingRun;
  return stopContainer(api, app, live.containerId, logger);
}

export function stoppedMessage(status: 'timeout' | 'cancelled', stopped: string, timeoutMs: number): string {
  return status === 'cancelled'
    ? `The job was cancelled while it ran${stopped}; whatever it changed before stays changed.`
    : `It was still running after the timeout of ${formatDuration(timeoutMs)}${stopped}. Raise \`timeout\` if it needs longer.`;
}

async function stopContainer(
  api: OneOffApi,
  app: string,
  containerId: string | undefined,
  logger: Logger,
): Promise<string> {
  if (containerId === undefined) return '';
  try {
    await api.oneOff.stop(app, containerId);
    return '; its container was stopped';
  } catch (error) {
    logger.warning(
      `Could not stop the one-off container ${containerId}: ${describeError(error)}. It may still be running: find it with \`scalingo --app ${app} ps\` and stop it from the Scalingo dashboard.`,
    );
    return '; stopping its container failed';
  }
}
