// A run can be cancelled (the runner sends SIGINT, then SIGTERM) and has a `post:` step that cleans up
// after it. Domain code sees both through this small interface, never through the process or core.

export interface RunLifecycle {
  /** Aborts when the job is cancelled; its reason is a Cancelled error. */
  signal: AbortSignal;
  /** Keeps a value for the `post:` step (what to clean up if this step never gets to). */
  remember(name: string, value: string): void;
}

/** The job was cancelled: not a failure of the user's app, nor a bug. */
export class Cancelled extends Error {
  override readonly name = 'Cancelled';
  readonly userFacing = true;

  constructor(signal: string) {
    super(`The job was cancelled (${signal}).`);
  }
}

/** Throws the cancellation if it happened: call it between steps that change something. */
export function throwIfCancelled(run: RunLifecycle | undefined): void {
  if (run?.signal.aborted) throw run.signal.reason;
}
