// The post-deploy runner: commands in order, each as an attached one-off, stopping at the first
// failure unless told to go on. The post-deploy, deploy and deploy-production actions all call it.
import type { RunLifecycle } from '../shared/lifecycle.ts';
import type { Logger } from '../shared/logger.ts';
import { formatDuration } from '../shared/duration.ts';
import { runOneOff, type OneOffApi, type OneOffStatus } from './one-off.ts';

export type PostDeployStatus = OneOffStatus | 'skipped';

export interface PostDeployResult {
  command: string;
  /** null when the command never reported one (not run, timed out, cut, stopped for inactivity). */
  exitCode: number | null;
  durationSeconds: number;
  status: PostDeployStatus;
  /** Detail beyond status and exit code, as full sentences. */
  message?: string;
  /** The output stream ended before the command did: its log may be incomplete. */
  outputCut?: boolean;
}

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
  logger.info(
    `Running ${commands.length} post-deploy command${commands.length === 1 ? '' : 's'} on ${options.app}, one at a time, as attached one-off containers of size ${size}` +
      (envNames.length > 0 ? ` with ${envNames.join(', ')} set` : '') +
      '.',
  );
  const results: PostDeployResult[] = [];
  let failed: PostDeployResult | undefined;
  for (const [index, command] of commands.entries()) {
    if ((failed && !options.continueOnError) || options.lifecycle?.signal.aborted) {
      results.push({ command, exitCode: null, durationSeconds: 0, status: 'skipped' });
      continue;
    }
    const outcome = await logger.group(`Post-deploy ${index + 1}/${commands.length}: ${command}`, () =>
      runOneOff(
        options.scalingo,
        { app: options.app, command, size, env: options.env ?? {}, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS },
        {
          logger,
          onOutput: options.onOutput,
          clock: options.clock,
          ...(options.lifecycle
            ? {
                signal: options.lifecycle.signal,
                onContainer: (id: string | undefined) =>
                  options.lifecycle?.remember(ONE_OFF_STATE, id ? `${options.app} ${id}` : ''),
              }
            : {}),
        },
      ),
    );
    const result: PostDeployResult = {
      command,
      exitCode: outcome.exitCode,
      durationSeconds: Math.round(outcome.durationMs / 100) / 10,
      status: outcome.status,
      ...(outcome.message ? { message: outcome.message } : {}),
      ...(outcome.streamCut ? { outputCut: true } : {}),
    };
    results.push(result);
    logger.info(`${result.status === 'ok' ? '✓' : '✗'} ${describeResult(result, formatDuration(outcome.durationMs))}`);
    if (result.status !== 'ok') failed ??= result;
  }
  return failed ? { results, failed } : { results };
}

const HEADS: Record<PostDeployStatus, string> = {
  ok: 'succeeded',
  failed: 'failed',
  timeout: 'timed out',
  cancelled: 'was cancelled',
  'killed-inactivity': 'was stopped by Scalingo for inactivity',
  cut: 'ended with an unknown exit code',
  skipped: 'was not run',
};

/** One sentence (or a few) about one command: "'rake db:migrate' exited with code 3 after 2s." */
export function describeResult(result: PostDeployResult, duration?: string): string {
  const head =
    result.status === 'failed' && result.exitCode !== null
      ? `exited with code ${result.exitCode}`
      : HEADS[result.status];
  const after = duration && result.status !== 'skipped' ? ` after ${duration}` : '';
  return `'${result.command}' ${head}${after}.${result.message ? ` ${result.message}` : ''}`;
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
