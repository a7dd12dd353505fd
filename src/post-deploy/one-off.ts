// One command's life as an attached one-off container (scalingo-api.md §8): start it, wait for the
// start operation, attach, stream its output, then ask /wait for the real exit code. A deadline
// covers the whole life; when it passes, the container is stopped so it does not run on unseen.
import { finished } from 'node:stream';
import type { OneOffAttachment } from '../scalingo/api.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { abortable, outlasts } from '../shared/async.ts';
import { LineSplitter } from './one-off-lines.ts';
import {
  DeadlineReached,
  INACTIVITY_MESSAGE,
  startAttached,
  stopLive,
  stoppedMessage,
  stopUnattached,
  type LiveOneOff,
  type OneOffApi,
} from './one-off-start.ts';

export { INACTIVITY_MESSAGE, type OneOffApi, type LiveOneOff } from './one-off-start.ts';

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

export async function runOneOff(api: OneOffApi, request: OneOffRequest, io: OneOffIo): Promise<OneOffOutcome> {
  const clock = io.clock ?? Date.now;
  const started = clock();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DeadlineReached()), request.timeoutMs);
  const cancel = (): void => deadline.abort(io.signal?.reason);
  if (io.signal?.aborted) cancel();
  else io.signal?.addEventListener('abort', cancel, { once: true });
  const live: LiveOneOff = {};
  let outcome: Omit<OneOffOutcome, 'durationMs'>;
  try {
    outcome = await attempt(api, request, io, deadline.signal, live);
  } catch (error) {
    const cancelled = deadline.signal.aborted && !(deadline.signal.reason instanceof DeadlineReached);
    outcome = deadline.signal.aborted
      ? { status: cancelled ? 'cancelled' : 'timeout', exitCode: null, streamCut: false }
      : { status: 'failed', exitCode: null, streamCut: false, message: `It could not run: ${describeError(error)}` };
    if (!deadline.signal.aborted) await stopUnattached(api, request.app, live, io.logger);
  } finally {
    clearTimeout(timer);
    io.signal?.removeEventListener('abort', cancel);
  }
  if (outcome.status === 'timeout' || outcome.status === 'cancelled') {
    const stopped = await stopLive(api, request.app, live, io.logger);
    outcome.message = stoppedMessage(outcome.status, stopped, request.timeoutMs);
  }
  io.onContainer?.(undefined);
  return { ...outcome, durationMs: clock() - started };
}

async function attempt(
  api: OneOffApi,
  request: OneOffRequest,
  io: OneOffIo,
  signal: AbortSignal,
  live: LiveOneOff,
): Promise<Omit<OneOffOutcome, 'durationMs'>> {
  const started = await startAttached(api, request, io, signal, live);
  if ('failure' in started) return { status: 'failed', exitCode: null, streamCut: false, message: started.failure };
  const { attachment, attachUrl } = started;
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
