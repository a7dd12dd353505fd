// What became of each post-deploy command, in words the log, the error and the summary share,
// whichever way the commands ran (one container for the step, or one each).
import type { OneOffStatus } from './one-off.ts';

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

export function skipped(command: string): PostDeployResult {
  return { command, exitCode: null, durationSeconds: 0, status: 'skipped' };
}

/** Tenths of a second, as the `results` output gives them. */
export function seconds(durationMs: number): number {
  return Math.round(durationMs / 100) / 10;
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
