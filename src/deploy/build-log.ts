// The build log of one deployment as it arrives from the stream: printed once, line by line,
// even when a reconnected stream replays what was already shown or /output fills a gap.

import { capLine } from '../shared/markdown.ts';

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export class BuildLog {
  readonly #print: (line: string) => void;
  #lines: string[] = [];
  // While a reconnected stream replays old lines, the index of the next line we expect to see again.
  #replayAt: number | null = null;

  constructor(print: (line: string) => void) {
    this.#print = print;
  }

  get lineCount(): number {
    return this.#lines.length;
  }

  /** Adds a chunk from the stream (one or more lines). */
  add(content: string): void {
    for (const line of splitLines(content)) {
      if (this.#replayAt !== null) {
        if (this.#lines[this.#replayAt] === line) {
          this.#replayAt += 1;
          if (this.#replayAt >= this.#lines.length) this.#replayAt = null;
          continue;
        }
        this.#replayAt = null;
      }
      this.#lines.push(line);
      this.#print(line);
    }
  }

  /** After a reconnect the stream starts with the existing log again: skip what we already printed. */
  expectReplay(): void {
    if (this.#lines.length > 0) this.#replayAt = 0;
  }

  /** The full log from /output: prints what the stream missed at the end, and becomes the reference. */
  reconcile(fullText: string): void {
    const full = splitLines(fullText);
    for (const line of full.slice(this.#lines.length)) this.#print(line);
    this.#lines = full;
    this.#replayAt = null;
  }

  /** The last lines without colour codes, each capped, for the summary and the error annotation. */
  tail(count = 50): string[] {
    return this.#lines.slice(-count).map((line) => capLine(stripAnsi(line)));
  }
}
