/**
 * What domain code may say to the user. Entries pass an implementation backed by the runner (src/actions/runtime.ts);
 * tests pass a recording one. Domain modules never talk to the runner themselves.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  /** `title`: the annotation's title in the run's summary. */
  warning(message: string, title?: string): void;
  /** A notice annotation where the runner shows them; loggers without it say it with `info`. */
  notice?(message: string): void;
  error(message: string, title?: string): void;
  /** Runs fn inside a collapsible log group (the group is closed even when fn throws). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Hides a secret from every later line of the log, outputs and summary. Call it the moment a secret exists. */
  mask(secret: string): void;
}

/** A logger that keeps what it was told: for tests and for composing summaries. */
export class MemoryLogger implements Logger {
  readonly lines: { level: 'debug' | 'info' | 'warning' | 'error' | 'group'; message: string }[] = [];
  readonly masked: string[] = [];

  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warning(message: string): void {
    this.lines.push({ level: 'warning', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: 'group', message: name });
    return fn();
  }
  mask(secret: string): void {
    if (secret) this.masked.push(secret);
  }
  text(): string {
    return this.lines.map((l) => l.message).join('\n');
  }
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
  error() {},
  group: (_name, fn) => fn(),
  mask() {},
};
