// Reads the shared container's output stream: the wrapper's markers are taken out (they never reach
// the log) and everything else becomes lines. Chunks end anywhere, inside a marker too, and the TTY
// turns each marker's `\n` into `\r\n`.
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from './one-off-lines.ts';
import { markerPrefix } from './wrapper.ts';

export type MarkerEvent =
  { kind: 'line'; line: string } | { kind: 'start'; index: number } | { kind: 'end'; index: number; exitCode: number };

// A marker's fields after the prefix are short: "start 12]" or "end 12 255]".
const MAX_FIELDS = 32;
const START = /^start (\d{1,6})$/;
const END = /^end (\d{1,6}) (\d{1,6})$/;

export class MarkerParser {
  readonly #prefix: string;
  readonly #decoder = new StringDecoder('utf8');
  readonly #emit: (event: MarkerEvent) => void;
  readonly #lines: LineSplitter;
  /** Text that may be the beginning of a marker, held until the rest arrives. */
  #held = '';
  /** After a marker, its own line ending is dropped: 'cr-or-lf' before any of it, 'lf' after a `\r`. */
  #ending: 'none' | 'cr-or-lf' | 'lf' = 'none';

  constructor(nonce: string, emit: (event: MarkerEvent) => void) {
    this.#prefix = markerPrefix(nonce);
    this.#emit = emit;
    this.#lines = new LineSplitter((line) => emit({ kind: 'line', line }));
  }

  push(chunk: Buffer | string): void {
    this.#take(typeof chunk === 'string' ? chunk : this.#decoder.write(chunk));
  }

  /** The stream ended: what is held is output after all (a marker cut in half is no marker). */
  end(): void {
    this.#take(this.#decoder.end());
    this.#lines.push(this.#held);
    this.#held = '';
    this.#lines.end();
  }

  #take(incoming: string): void {
    let text = this.#held + this.#dropEnding(incoming);
    this.#held = '';
    for (;;) {
      const at = text.indexOf(this.#prefix);
      if (at === -1) {
        const keep = this.#partialPrefixAt(text);
        this.#lines.push(text.slice(0, keep));
        this.#held = text.slice(keep);
        return;
      }
      this.#lines.push(text.slice(0, at));
      const fieldsAt = at + this.#prefix.length;
      const close = text.indexOf(']', fieldsAt);
      if (close === -1 && text.length - fieldsAt <= MAX_FIELDS) {
        this.#held = text.slice(at);
        return;
      }
      const event = close === -1 || close - fieldsAt > MAX_FIELDS ? undefined : parse(text.slice(fieldsAt, close));
      if (!event) {
        // Our prefix with fields we never write: only the wrapper knows the nonce, so this is not
        // expected; shown as output rather than lost.
        this.#lines.push(this.#prefix);
        text = text.slice(fieldsAt);
        continue;
      }
      // The line the marker ends (a command's last line without a newline) is that command's.
      this.#lines.end();
      this.#emit(event);
      this.#ending = 'cr-or-lf';
      text = this.#dropEnding(text.slice(close + 1));
    }
  }

  /** Where a suffix of `text` that could begin the prefix starts (text.length when none). */
  #partialPrefixAt(text: string): number {
    // The prefix holds one `[`, its first character, so a partial one starts at the last `[`.
    const bracket = text.lastIndexOf('[');
    if (bracket === -1 || text.length - bracket >= this.#prefix.length) return text.length;
    return this.#prefix.startsWith(text.slice(bracket)) ? bracket : text.length;
  }

  #dropEnding(text: string): string {
    if (this.#ending === 'none' || text === '') return text;
    if (this.#ending === 'cr-or-lf' && text.startsWith('\r')) {
      this.#ending = 'lf';
      return this.#dropEnding(text.slice(1));
    }
    this.#ending = 'none';
    return text.startsWith('\n') ? text.slice(1) : text;
  }
}

function parse(fields: string): MarkerEvent | undefined {
  const start = START.exec(fields);
  if (start) return { kind: 'start', index: Number(start[1]) };
  const end = END.exec(fields);
  if (end) return { kind: 'end', index: Number(end[1]), exitCode: Number(end[2]) };
  return undefined;
}
