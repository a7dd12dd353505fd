// The moving parts of one container running a whole step: the output stream turned into an event
// queue (lines and markers, in order), the reader that takes one command's events inside its log
// group, and the deadline that each command re-arms.
import { finished } from 'node:stream';
import type { OneOffAttachment } from '../scalingo/api.ts';
import { abortable } from '../shared/async.ts';
import { MarkerParser, type MarkerEvent } from './markers.ts';
import { DeadlineReached } from './one-off-start.ts';

type Timed = MarkerEvent & { at: number };
export type StreamClosed = { cut: boolean; error?: Error };

/**
 * Events wait here until the reader takes them: lines parsed in one chunk after a command's end
 * marker belong to the next command's group, which the reader opens only once it has seen that end.
 */
export class StreamEvents {
  #items: Timed[] = [];
  #head = 0;
  #wake: (() => void) | undefined;
  /** Set once the socket and the byte stream are both done. */
  closed: StreamClosed | undefined;

  push(event: Timed): void {
    this.#items.push(event);
    this.#wakeUp();
  }

  finish(closed: StreamClosed): void {
    this.closed = closed;
    this.#wakeUp();
  }

  shift(): Timed | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const event = this.#items[this.#head++]!;
    // Drop what was read now and then, so 100,000 lines do not stay in memory.
    if (this.#head >= 4096) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return event;
  }

  /** Resolves at the next event or at the end of the stream. */
  changed(): Promise<void> {
    return new Promise((resolve) => (this.#wake = resolve));
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/** Parses the attachment's output into `events` until both the byte stream and the socket are done. */
export async function streamEvents(
  attachment: OneOffAttachment,
  nonce: string,
  events: StreamEvents,
  clock: () => number,
): Promise<StreamClosed> {
  const parser = new MarkerParser(nonce, (event) => events.push({ ...event, at: event.kind === 'line' ? 0 : clock() }));
  const ended = new Promise<void>((resolve) => finished(attachment.output, () => resolve()));
  attachment.output.on('data', (chunk: Buffer | string) => parser.push(chunk));
  const closed = await attachment.closed;
  await ended;
  parser.end();
  events.finish(closed);
  return closed;
}

export type Followed =
  { kind: 'end'; exitCode: number; startedAt?: number; at: number } | { kind: 'closed'; startedAt?: number };

/**
 * Takes events until command `index` (1-based) ends, printing its lines; or until the stream ends
 * first. Rejects when the signal aborts (the deadline or the job's cancellation).
 */
export async function followCommand(
  events: StreamEvents,
  index: number,
  emit: (line: string) => void,
  signal: AbortSignal,
): Promise<Followed> {
  let startedAt: number | undefined;
  for (;;) {
    for (let event = events.shift(); event; event = events.shift()) {
      if (event.kind === 'line') emit(event.line);
      else if (event.kind === 'start' && event.index === index) startedAt = event.at;
      else if (event.kind === 'end' && event.index === index)
        return {
          kind: 'end',
          exitCode: event.exitCode,
          at: event.at,
          ...(startedAt !== undefined ? { startedAt } : {}),
        };
    }
    if (events.closed) return { kind: 'closed', ...(startedAt !== undefined ? { startedAt } : {}) };
    await abortable(events.changed(), signal);
  }
}

/** A per-command time limit over one container: re-armed as each command ends; the job's cancel aborts it too. */
export class CommandDeadline {
  readonly #controller = new AbortController();
  readonly #ms: number;
  readonly #signal: AbortSignal | undefined;
  readonly #cancel = (): void => this.#controller.abort(this.#signal?.reason);
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number, signal?: AbortSignal) {
    this.#ms = ms;
    this.#signal = signal;
    this.arm();
    if (signal?.aborted) this.#cancel();
    else signal?.addEventListener('abort', this.#cancel, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** 'timeout', 'cancelled', or undefined while it has not aborted. */
  get reason(): 'timeout' | 'cancelled' | undefined {
    if (!this.signal.aborted) return undefined;
    return this.signal.reason instanceof DeadlineReached ? 'timeout' : 'cancelled';
  }

  arm(): void {
    clearTimeout(this.#timer);
    if (!this.signal.aborted) this.#timer = setTimeout(() => this.#controller.abort(new DeadlineReached()), this.#ms);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener('abort', this.#cancel);
  }
}
