import { StringDecoder } from 'node:string_decoder';

const MAX_PENDING = 64 * 1024;

/**
 * Turns the raw bytes of an attached one-off into log lines. Chunks end anywhere (inside a line,
 * between `\r` and `\n`, inside a multi-byte character), so partial input is kept until its end of
 * line arrives. TTY output ends lines with `\r\n`; only that line ending is removed, never content.
 */
export class LineSplitter {
  readonly #decoder = new StringDecoder('utf8');
  readonly #emit: (line: string) => void;
  #pending = '';

  constructor(emit: (line: string) => void) {
    this.#emit = emit;
  }

  push(chunk: Buffer | string): void {
    this.#take(typeof chunk === 'string' ? chunk : this.#decoder.write(chunk));
  }

  /** Emits whatever is left once the stream has ended (a last line without newline). */
  end(): void {
    this.#take(this.#decoder.end());
    if (this.#pending !== '') this.#emit(stripCr(this.#pending));
    this.#pending = '';
  }

  #take(text: string): void {
    const last = text.lastIndexOf('\n');
    if (last === -1) {
      // Only the new text is scanned, so a long line arriving in many chunks stays linear.
      this.#pending += text;
      if (this.#pending.length > MAX_PENDING) this.#flushPending();
      return;
    }
    const lines = (this.#pending + text.slice(0, last)).split('\n');
    this.#pending = text.slice(last + 1);
    for (const line of lines) this.#emit(stripCr(line));
  }

  // A progress bar redrawn with bare `\r` for minutes never ends its line: emit it in pieces
  // rather than hold it all in memory.
  #flushPending(): void {
    const piece = this.#pending.endsWith('\r') ? this.#pending.slice(0, -1) : this.#pending;
    this.#pending = this.#pending.slice(piece.length);
    this.#emit(piece);
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
