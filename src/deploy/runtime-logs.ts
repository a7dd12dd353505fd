// After a deployment whose containers failed to boot (crashed-error, timeout-error), the cause is in
// the app's runtime logs, not in the build log: the last lines go beside the build log tail.
import type { ScalingoApi } from '../scalingo/api.ts';
import type { DeploymentStatus } from '../scalingo/types.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { capLine } from '../shared/markdown.ts';
import { stripAnsi } from './build-log.ts';

export const RUNTIME_LOG_LINES = 50;

const BOOT_FAILURES = new Set<DeploymentStatus>(['crashed-error', 'timeout-error']);

export interface RuntimeLogTail {
  lines: string[];
  /** Why there are none to show (not readable), when so. */
  note?: string;
}

/** The last lines of the runtime logs after a boot failure; undefined for other statuses. Never throws. */
export async function runtimeLogTail(
  deps: { scalingo: Pick<ScalingoApi, 'logs'>; logger: Logger },
  app: string,
  status: DeploymentStatus,
): Promise<RuntimeLogTail | undefined> {
  if (!BOOT_FAILURES.has(status)) return undefined;
  try {
    const lines = (
      await deps.scalingo.logs.tail(app, { lines: RUNTIME_LOG_LINES, signal: AbortSignal.timeout(20_000) })
    )
      .slice(-RUNTIME_LOG_LINES)
      .map((line) => capLine(stripAnsi(line)));
    if (lines.length > 0) {
      await deps.logger.group(`Last ${lines.length} lines of the runtime logs of ${app}`, async () => {
        for (const line of lines) deps.logger.info(line);
      });
    }
    return { lines };
  } catch (error) {
    // The deploy failed already; the logs only help explain it.
    deps.logger.warning(`Could not read the runtime logs of ${app}: ${describeError(error)}`);
    return { lines: [], note: `The runtime logs could not be read: ${describeError(error)}` };
  }
}
