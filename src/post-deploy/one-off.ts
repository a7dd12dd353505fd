// One command's life as an attached one-off container (scalingo-api.md §8): start it, wait for the
// start operation, attach, stream its output, then ask /wait for the real exit code. A deadline
// covers the whole life; when it passes, the container is stopped so it does not run on unseen.
import { finished } from 'node:stream';
import type { OneOffAttachment, ScalingoApi } from '../scalingo/api.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { formatDuration } from '../shared/duration.ts';
import { abortable, outlasts } from '../shared/async.ts';
import { LineSplitter } from './one-off-lines.ts';

export type OneOffApi = Pick<ScalingoApi, 'oneOff' | 'operations'>;

export type OneOffStatus = 'ok' | 'failed' | 'timeout' | 'cancelled' | 'killed-inactivity' | 'cut';

export interface OneOffRequest {
  app: string;
  command: string;
  size: string;
  env: Record<string, string>;
  timeoutMs: number;
}

export interface OneOffOutcome {
  status: OneOffStatus;
  /** The process's own exit code; null when it is unknown (never started, timed out, cut, killed). */
  exitCode: number | null;
  durationMs: number;
  /** Detail beyond the status and exit code (why it failed, a cut stream), as full sentences. */
  message?: string;
  /** The output stream ended before the process did: some output may be missing. */
  streamCut: boolean;
}

export interface OneOffIo {
  logger: Logger;
  /** Receives each output line; the default is logger.info. */
  onOutput?: (line: string) => void;
  clock?: () => number;
  /** How long /wait may take after a clean close before the stream counts as cut (default 5 s). */
  cutDetectionMs?: number;
  /** The job's cancellation: the container is stopped, as at the timeout. */
  signal?: AbortSignal;
  /** Told the container once it exists, and undefined once it is gone (a `post:` step stops what is left). */
  onContainer?: (containerId: string | undefined) => void;
}

export const INACTIVITY_MESSAGE =
  '/wait answered HTTP 408: Scalingo closes attached one-offs after 30 minutes without output. Make the command print progress regularly, or split it into shorter commands.';

/** Set when the deadline passes; never shown to the user. */
class DeadlineReached extends Error {}

interface Live {
  containerId?: string;
  pendingRun?: Promise<unknown>;
  attachment?: OneOffAttachment;
  streaming?: Promise<unknown>;
  attachUrl?: string;
}

export async function runOneOff(api: OneOffApi, request: OneOffRequest, io: OneOffIo): Promise<OneOffOutcome> {
  const clock = io.clock ?? Date.now;
  const started = clock();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DeadlineReached()), request.timeoutMs);
  const cancel = (): void => deadline.abort(io.signal?.reason);
  if (io.signal?.aborted) cancel();
  else io.signal?.addEventListener('abort', cancel, { once: true });
  const live: Live = {};
  let outcome: Omit<OneOffOutcome, 'durationMs'>;
  try {
    outcome = await attempt(api, request, io, deadline.signal, live);
  } catch (error) {
    const cancelled = deadline.signal.aborted && !(deadline.signal.reason instanceof DeadlineReached);
    outcome = deadline.signal.aborted
      ? { status: cancelled ? 'cancelled' : 'timeout', exitCode: null, streamCut: false }
      : { status: 'failed', exitCode: null, streamCut: false, message: `It could not run: ${describeError(error)}` };
    // Started but never attached (attach refused): the container would wait for us in vain.
    if (!deadline.signal.aborted && live.attachUrl && !live.attachment)
      await stopContainer(api, request.app, live.containerId, io.logger);
  } finally {
    clearTimeout(timer);
    io.signal?.removeEventListener('abort', cancel);
  }
  if (outcome.status === 'timeout' || outcome.status === 'cancelled') {
    live.attachment?.close();
    // Let the last bytes reach the log before the verdict (closing ends the stream at once).
    if (live.streaming)
      await Promise.race([live.streaming, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    // A start request still in flight will create a container: wait for it so it can be stopped too.
    await live.pendingRun;
    const stopped = await stopContainer(api, request.app, live.containerId, io.logger);
    outcome.message =
      outcome.status === 'cancelled'
        ? `The job was cancelled while it ran${stopped}; whatever it changed before stays changed.`
        : `It was still running after the timeout of ${formatDuration(request.timeoutMs)}${stopped}. Raise \`timeout\` if it needs longer.`;
  }
  io.onContainer?.(undefined);
  return { ...outcome, durationMs: clock() - started };
}

async function attempt(
  api: OneOffApi,
  request: OneOffRequest,
  io: OneOffIo,
  signal: AbortSignal,
  live: Live,
): Promise<Omit<OneOffOutcome, 'durationMs'>> {
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
  if (!attachUrl) {
    return {
      status: 'failed',
      exitCode: null,
      streamCut: false,
      message: 'Scalingo started the one-off without giving an attach URL, so it could not be followed.',
    };
  }

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
  const streaming = stream(attachment, io.onOutput ?? ((line) => io.logger.info(line)));
  live.streaming = streaming;
  const closed = await abortable(streaming, signal);
  if (closed.cut) {
    io.logger.warning(
      `The output stream of '${request.command}' was cut before the command ended${closed.error ? ` (${closed.error.message})` : ''}; some output may be missing. Asking Scalingo for its exit code.`,
    );
  }

  const waiting = api.oneOff.wait(attachUrl);
  let streamCut = closed.cut;
  // Scalingo closes the socket when the process exits, so /wait then answers at once. A clean
  // close followed by a /wait that keeps waiting means the connection ended under a live process.
  if (!streamCut && (await abortable(outlasts(waiting, io.cutDetectionMs ?? 5000), signal))) {
    streamCut = true;
    io.logger.warning(
      `The output stream of '${request.command}' ended while the command was still running (the attach connection was closed early); some output may be missing. Waiting for its exit code.`,
    );
  }

  let waited: Awaited<typeof waiting>;
  try {
    waited = await abortable(waiting, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    const why = streamCut
      ? 'Its output stream was cut and its exit code could not be read'
      : 'Its exit code could not be read';
    return {
      status: streamCut ? 'cut' : 'failed',
      exitCode: null,
      streamCut,
      message: `${why}: ${describeError(error)}`,
    };
  }
  if ('killedForInactivity' in waited) {
    return { status: 'killed-inactivity', exitCode: null, streamCut, message: INACTIVITY_MESSAGE };
  }
  const status = waited.exitCode === 0 ? 'ok' : 'failed';
  if (!streamCut) return { status, exitCode: waited.exitCode, streamCut: false };
  return {
    status,
    exitCode: waited.exitCode,
    streamCut: true,
    message: 'Its output stream was cut, so its log may be incomplete (the exit code comes from Scalingo).',
  };
}

/** Pipes the output into lines until both the byte stream and the socket are done. */
async function stream(
  attachment: OneOffAttachment,
  emit: (line: string) => void,
): Promise<{ cut: boolean; error?: Error }> {
  const splitter = new LineSplitter(emit);
  const ended = new Promise<void>((resolve) => finished(attachment.output, () => resolve()));
  attachment.output.on('data', (chunk: Buffer | string) => splitter.push(chunk));
  const closed = await attachment.closed;
  await ended;
  splitter.end();
  return closed;
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
