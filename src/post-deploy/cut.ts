// When the output of the shared container stops before a command's end marker, the markers of
// that command and of those after it never arrive: all that is left is the container's exit code,
// which is the exit code of the last command the wrapper ran. What that tells about each command:
import { INACTIVITY_MESSAGE } from './one-off-start.ts';
import type { PostDeployStatus } from './results.ts';

export interface CutVerdict {
  status: PostDeployStatus;
  exitCode: number | null;
  message: string;
}

export type ContainerEnd = { exitCode: number } | { killedForInactivity: true } | { unreadable: string };

const CUT_LOG = 'Its output stream was cut, so its log may be incomplete (the exit code comes from Scalingo).';
const NEVER_SEEN = 'Whether it ran is unknown: the output stream was cut before it.';

/**
 * Verdicts for commands `from`..`count - 1` (0-based), the first of which was running when the
 * stream stopped. The wrapper stops at the first failure unless `continueOnError`, and always exits
 * with the code of the last command it ran.
 */
export function verdictsAfterCut(
  count: number,
  from: number,
  end: ContainerEnd,
  continueOnError: boolean,
): CutVerdict[] {
  const rest = count - from - 1;
  const unknown = (message: string): CutVerdict => ({ status: 'cut', exitCode: null, message });
  if ('unreadable' in end) {
    return [
      unknown(`Its output stream was cut and its exit code could not be read: ${end.unreadable}`),
      ...Array.from({ length: rest }, () => unknown(NEVER_SEEN)),
    ];
  }
  if ('killedForInactivity' in end) {
    const killed = 'Scalingo stopped the container before it could run.';
    return [
      { status: 'killed-inactivity', exitCode: null, message: INACTIVITY_MESSAGE },
      ...Array.from({ length: rest }, () => ({ status: 'skipped' as const, exitCode: null, message: killed })),
    ];
  }
  const code = end.exitCode;
  const byCode = (message: string): CutVerdict => ({ status: code === 0 ? 'ok' : 'failed', exitCode: code, message });
  if (rest === 0) return [byCode(CUT_LOG)];
  if (code === 0 && !continueOnError) {
    // Exit 0 from a wrapper that stops at the first failure: every command from the cut on succeeded.
    const succeeded =
      'Its output never arrived (the stream was cut before it), but the container ended with exit code 0, so it succeeded.';
    return [byCode(CUT_LOG), ...Array.from({ length: rest }, () => byCode(succeeded))];
  }
  if (continueOnError) {
    // Every command ran (unless the container died): only the last one's exit code is known.
    const last = "Its output never arrived (the stream was cut before it); its exit code is the container's.";
    const lost =
      'Its output stream was cut before it ended, and Scalingo gives only the exit code of the last command.';
    const between =
      'Its output never arrived (the stream was cut before it), and Scalingo gives only the exit code of the last command.';
    return [unknown(lost), ...Array.from({ length: rest - 1 }, () => unknown(between)), byCode(last)];
  }
  return [
    unknown(
      `Its output stream was cut before it ended; the container ended with exit code ${code}, so this command or one after it failed.`,
    ),
    ...Array.from({ length: rest }, () => unknown(NEVER_SEEN)),
  ];
}
