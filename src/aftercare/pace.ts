// GitHub asks for at least a second between writes when making many (facts B7: content creation is
// limited to 80 a minute and 500 an hour); every write of the chores waits its turn here.
import { sleep } from '../shared/async.ts';
import { describeError, firstLine } from '../shared/errors.ts';

/** Resolves when the next write may start: `spacingMs` after the previous one started. */
export function pacer(spacingMs: number, signal?: AbortSignal): () => Promise<void> {
  let last = Number.NEGATIVE_INFINITY;
  return async () => {
    const wait = last + spacingMs - Date.now();
    if (wait > 0) await sleep(wait, signal);
    last = Date.now();
  };
}

/** A chore that stopped: why, and what is left to do by hand. */
export class ChoreError extends Error {
  override readonly name = 'ChoreError';
  readonly userFacing = true;
  readonly left: string[];

  constructor(message: string, left: string[], cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.left = left;
  }
}

/** "#1, #2, #3 and 40 more": a list a summary line can hold. */
export function numbers(list: number[], max = 20): string {
  const shown = list.slice(0, max).map((n) => `#${n}`);
  const rest = list.length - shown.length;
  if (shown.length === 0) return 'none';
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/** What went wrong, on one line, with the service's hint (GitHub's or Sentry's "what to do"). */
export function reason(error: unknown): string {
  return firstLine(describeError(error));
}
