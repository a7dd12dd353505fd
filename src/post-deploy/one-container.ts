// All of a step's commands in one attached one-off container: one boot instead of one per command.
// The wrapper (wrapper.ts) marks where each command starts and ends; each still gets its own log
// group, exit code, duration and time limit, and the container's exit code (/wait) checks the last
// one's. The first command's time runs from the start request, as a one-off of its own would.
import { abortable } from '../shared/async.ts';
import { formatDuration } from '../shared/duration.ts';
import { describeError } from '../shared/errors.ts';
import { verdictsAfterCut, type ContainerEnd } from './cut.ts';
import type { OneOffIo } from './one-off.ts';
import {
  startAttached,
  stopLive,
  stoppedMessage,
  stopUnattached,
  type LiveOneOff,
  type OneOffApi,
} from './one-off-start.ts';
import { describeResult, seconds, skipped, type PostDeployResult } from './results.ts';
import { CommandDeadline, followCommand, StreamEvents, streamEvents, type Followed } from './shared-stream.ts';
import { newNonce, wrapperScript } from './wrapper.ts';

export interface SharedRequest {
  app: string;
  commands: readonly string[];
  size: string;
  env: Record<string, string>;
  /** Per command. */
  timeoutMs: number;
  continueOnError: boolean;
}

/** A one-off's own io, less the cut detection (an end marker tells when a command is done). */
export interface SharedIo extends Omit<OneOffIo, 'cutDetectionMs'> {
  /** The log group of command `i` (0-based). */
  title: (i: number) => string;
  /** A fixed nonce, for tests; a fresh random one otherwise. */
  nonce?: string;
}

interface Run {
  api: OneOffApi;
  request: SharedRequest;
  io: SharedIo;
  clock: () => number;
  deadline: CommandDeadline;
  live: LiveOneOff;
  results: PostDeployResult[];
  /** When the running command started: the start request for the first, its start marker after. */
  commandStart: number;
}

interface Session {
  events: StreamEvents;
  streaming: Promise<unknown>;
  attachUrl: string;
}

export async function runInOneContainer(
  api: OneOffApi,
  request: SharedRequest,
  io: SharedIo,
): Promise<PostDeployResult[]> {
  const clock = io.clock ?? Date.now;
  const deadline = new CommandDeadline(request.timeoutMs, io.signal);
  const run: Run = { api, request, io, clock, deadline, live: {}, results: [], commandStart: clock() };
  try {
    await followAll(run, io.nonce ?? newNonce());
  } catch (error) {
    const reason = deadline.reason;
    if (!reason) throw error;
    const stopped = await stopLive(api, request.app, run.live, io.logger);
    const index = run.results.length;
    const command = request.commands[index];
    if (command === undefined) {
      io.logger.warning(`The one-off container did not end after its last command within the timeout${stopped}.`);
    } else {
      const message = stoppedMessage(reason, stopped, request.timeoutMs);
      report(run, { command, exitCode: null, durationSeconds: 0, status: reason, message }, clock() - run.commandStart);
    }
  } finally {
    deadline.dispose();
  }
  for (const command of request.commands.slice(run.results.length)) run.results.push(skipped(command));
  io.onContainer?.(undefined);
  return run.results;
}

async function followAll(run: Run, nonce: string): Promise<void> {
  const { request, io, deadline } = run;
  const emit = io.onOutput ?? ((line: string) => io.logger.info(line));
  let session: Session | undefined;
  for (const [i, command] of request.commands.entries()) {
    // The container starts inside the first group: its boot is the first command's wait.
    const step = await io.logger.group(io.title(i), async (): Promise<Followed | { failure: string }> => {
      if (!session) {
        const started = await start(run, nonce);
        if ('failure' in started) return started;
        session = started;
      }
      return followCommand(session.events, i + 1, emit, deadline.signal);
    });
    if ('failure' in step) {
      report(run, { command, exitCode: null, durationSeconds: 0, status: 'failed', message: step.failure });
      return;
    }
    if (i > 0 && step.startedAt !== undefined) run.commandStart = step.startedAt;
    if (step.kind === 'closed') return afterCut(run, session!, i);
    const status = step.exitCode === 0 ? 'ok' : 'failed';
    report(run, { command, exitCode: step.exitCode, durationSeconds: 0, status }, step.at - run.commandStart);
    run.commandStart = step.at;
    deadline.arm();
    if (step.exitCode !== 0 && !request.continueOnError) break;
  }
  await abortable(session!.streaming, deadline.signal);
  // Whatever came after the last marker (the wrapper prints nothing there) is shown, not dropped.
  for (let event = session!.events.shift(); event; event = session!.events.shift())
    if (event.kind === 'line') emit(event.line);
  await crossCheck(run, session!.attachUrl);
}

async function start(run: Run, nonce: string): Promise<Session | { failure: string }> {
  const { api, request, io, deadline, live } = run;
  const command = wrapperScript(request.commands, nonce, { continueOnError: request.continueOnError });
  let started;
  try {
    started = await startAttached(api, { ...request, command }, io, deadline.signal, live);
  } catch (error) {
    if (deadline.reason) throw error;
    await stopUnattached(api, request.app, live, io.logger);
    return { failure: `It could not run: ${describeError(error)}` };
  }
  if ('failure' in started) return started;
  const events = new StreamEvents();
  const streaming = streamEvents(started.attachment, nonce, events, run.clock);
  live.streaming = streaming;
  return { events, streaming, attachUrl: started.attachUrl };
}

/** The stream ended before command `index` did: the container's exit code is all that is left. */
async function afterCut(run: Run, session: Session, index: number): Promise<void> {
  const { request, io } = run;
  const closed = session.events.closed!;
  io.logger.warning(
    `The output stream of '${request.commands[index]}' was cut before the command ended${closed.error ? ` (${closed.error.message})` : ''}; some output may be missing. Asking Scalingo for the container's exit code.`,
  );
  const end = await containerEnd(run, session.attachUrl);
  const verdicts = verdictsAfterCut(request.commands.length, index, end, request.continueOnError);
  verdicts.forEach((verdict, k) => {
    const command = request.commands[index + k]!;
    const result = {
      command,
      durationSeconds: 0,
      ...verdict,
      ...(verdict.status === 'skipped' ? {} : { outputCut: true }),
    };
    report(run, result, k === 0 ? run.clock() - run.commandStart : 0);
  });
}

/** /wait must agree with the last command's end marker; when it does not, Scalingo's code counts. */
async function crossCheck(run: Run, attachUrl: string): Promise<void> {
  const last = run.results.at(-1)!;
  const end = await containerEnd(run, attachUrl);
  if ('exitCode' in end && end.exitCode === last.exitCode) return;
  const { logger } = run.io;
  if (!('exitCode' in end)) {
    const why = 'unreadable' in end ? end.unreadable : '/wait answered 408';
    logger.warning(
      `Scalingo did not confirm the exit code of '${last.command}' (${why}); the code it printed at its end stands.`,
    );
    return;
  }
  logger.warning(
    `'${last.command}' printed exit code ${last.exitCode} at its end, but Scalingo reports ${end.exitCode} for the container: counting ${end.exitCode}.`,
  );
  last.exitCode = end.exitCode;
  last.status = end.exitCode === 0 ? 'ok' : 'failed';
  last.message = `Scalingo reported exit code ${end.exitCode} for its container.`;
}

async function containerEnd(run: Run, attachUrl: string): Promise<ContainerEnd> {
  try {
    return await abortable(run.api.oneOff.wait(attachUrl), run.deadline.signal);
  } catch (error) {
    if (run.deadline.reason) throw error;
    return { unreadable: describeError(error) };
  }
}

function report(run: Run, result: PostDeployResult, durationMs?: number): void {
  const ms = durationMs ?? run.clock() - run.commandStart;
  result.durationSeconds = seconds(ms);
  run.results.push(result);
  run.io.logger.info(`${result.status === 'ok' ? '✓' : '✗'} ${describeResult(result, formatDuration(ms))}`);
}
