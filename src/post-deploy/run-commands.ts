// The post-deploy runner: commands in order, stopping at the first failure unless told to go on;
// by default all in one attached one-off container (one boot), with `isolate` each in its own. The
// post-deploy, deploy and deploy-production actions all call it.
import type { RunLifecycle } from '../shared/lifecycle.ts';
import type { Logger } from '../shared/logger.ts';
import { formatDuration } from '../shared/duration.ts';
import { runInOneContainer } from './one-container.ts';
import { runOneOff, type OneOffApi } from './one-off.ts';
import { describeResult, seconds, skipped, type PostDeployResult } from './results.ts';

export { describeResult, type PostDeployResult, type PostDeployStatus } from './results.ts';

export interface PostDeployOptions {
  scalingo: OneOffApi;
  app: string;
  commands: readonly string[];
  /** Container size; default M. */
  size?: string;
  env?: Record<string, string>;
  /** Per command, from the start request to the exit code; default 30 minutes. */
  timeoutMs?: number;
  /** Run the remaining commands after a failure (the outcome still reports every failure). */
  continueOnError?: boolean;
  /** One one-off container per command (each boots on its own), instead of one for the whole step. */
  isolate?: boolean;
  logger: Logger;
  /** Receives each output line of the running command; default logger.info. */
  onOutput?: (line: string) => void;
  clock?: () => number;
  /** The job's cancellation and the `post:` step's memory (the running container, to stop it). */
  lifecycle?: RunLifecycle;
}

export interface PostDeployOutcome {
  results: PostDeployResult[];
  /** The first command that did not succeed. */
  failed?: PostDeployResult;
}

export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/** Where a `post:` step finds the one-off a cancelled step left running: "<app> <container id>". */
export const ONE_OFF_STATE = 'one-off';

export async function runPostDeploy(options: PostDeployOptions): Promise<PostDeployOutcome> {
  const { logger, commands } = options;
  const size = options.size ?? 'M';
  const envNames = Object.keys(options.env ?? {});
  const several = commands.length === 1 ? '' : 's';
  const how = options.isolate
    ? `one at a time, as attached one-off containers of size ${size}`
    : `in order, in one attached one-off container of size ${size}`;
  logger.info(
    `Running ${commands.length} post-deploy command${several} on ${options.app}, ${how}` +
      (envNames.length > 0 ? ` with ${envNames.join(', ')} set` : '') +
      '.',
  );
  const lifecycle = options.lifecycle;
  const io = {
    logger,
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(lifecycle
      ? {
          signal: lifecycle.signal,
          onContainer: (id: string | undefined) => lifecycle.remember(ONE_OFF_STATE, id ? `${options.app} ${id}` : ''),
        }
      : {}),
  };
  const request = {
    app: options.app,
    size,
    env: options.env ?? {},
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    continueOnError: options.continueOnError ?? false,
  };
  const title = (i: number) => `Post-deploy ${i + 1}/${commands.length}: ${commands[i]}`;
  const results =
    options.isolate || commands.length === 0
      ? await runIsolated(options.scalingo, { ...request, commands }, { ...io, title })
      : lifecycle?.signal.aborted
        ? commands.map(skipped)
        : await runInOneContainer(options.scalingo, { ...request, commands }, { ...io, title });
  const failed = results.find((r) => r.status !== 'ok' && r.status !== 'skipped');
  return failed ? { results, failed } : { results };
}

/** Each command in its own one-off: a boot each, nothing shared between them. */
async function runIsolated(
  api: OneOffApi,
  request: Parameters<typeof runInOneContainer>[1],
  io: Parameters<typeof runInOneContainer>[2],
): Promise<PostDeployResult[]> {
  const results: PostDeployResult[] = [];
  let failed = false;
  for (const [index, command] of request.commands.entries()) {
    if ((failed && !request.continueOnError) || io.signal?.aborted) {
      results.push(skipped(command));
      continue;
    }
    const outcome = await io.logger.group(io.title(index), () => runOneOff(api, { ...request, command }, io));
    const result: PostDeployResult = {
      command,
      exitCode: outcome.exitCode,
      durationSeconds: seconds(outcome.durationMs),
      status: outcome.status,
      ...(outcome.message ? { message: outcome.message } : {}),
      ...(outcome.streamCut ? { outputCut: true } : {}),
    };
    results.push(result);
    io.logger.info(
      `${result.status === 'ok' ? '✓' : '✗'} ${describeResult(result, formatDuration(outcome.durationMs))}`,
    );
    if (result.status !== 'ok') failed = true;
  }
  return results;
}

/** The message to fail the step with, or undefined when every command succeeded. */
export function describePostDeployFailure(outcome: PostDeployOutcome): string | undefined {
  const failures = outcome.results.filter((r) => r.status !== 'ok' && r.status !== 'skipped');
  if (failures.length === 0) return undefined;
  const skipped = outcome.results.filter((r) => r.status === 'skipped').map((r) => `'${r.command}'`);
  const head =
    failures.length === 1
      ? `Post-deploy command ${describeResult(failures[0]!)}`
      : `${failures.length} post-deploy commands failed: ${failures.map((r) => describeResult(r)).join(' ')}`;
  const rest = skipped.length === 0 ? '' : ` Not run after it: ${skipped.join(', ')}.`;
  return head + rest;
}

/** The `results` output: what a later step needs to react to each command. */
export function resultsJson(results: readonly PostDeployResult[]): string {
  return JSON.stringify(
    results.map(({ command, exitCode, durationSeconds, status }) => ({ command, exitCode, durationSeconds, status })),
  );
}
