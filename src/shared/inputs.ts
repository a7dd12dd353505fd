import { ConfigurationError, inputError } from './errors.ts';
import { INPUT_BOUNDS, parseDuration, type DurationBounds } from './duration.ts';

/** Reads one action input: trimmed, '' when unset. Entries pass the runner's getInput; tests pass a map. */
export type InputReader = (name: string) => string;

export function readerFromMap(values: Record<string, string | undefined>): InputReader {
  return (name) => (values[name] ?? '').trim();
}

/**
 * Typed access to the inputs of one action. Every getter names the input in its error,
 * says what is wrong with the value and how to fix it.
 */
export class Inputs {
  readonly #read: InputReader;

  constructor(read: InputReader) {
    this.#read = read;
  }

  raw(name: string): string {
    return this.#read(name).trim();
  }

  optional(name: string): string | undefined {
    const value = this.raw(name);
    return value === '' ? undefined : value;
  }

  required(name: string, fix: string): string {
    const value = this.raw(name);
    if (value === '') throw inputError(name, 'is required but empty', fix);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name).toLowerCase();
    if (value === '') return fallback;
    if (['true', 'yes', '1', 'on'].includes(value)) return true;
    if (['false', 'no', '0', 'off'].includes(value)) return false;
    throw inputError(name, `'${this.raw(name)}' is not a boolean`, "Use 'true' or 'false'.");
  }

  duration(name: string, fallback: string, bounds: DurationBounds = INPUT_BOUNDS): number {
    return parseDuration(name, this.optional(name) ?? fallback, bounds);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      throw inputError(
        name,
        `'${value}' is not one of ${allowed.join(', ')}`,
        `Set it to one of: ${allowed.join(', ')}.`,
      );
    }
    return value as T;
  }

  /** One item per line; blank lines and `#` comments skipped. */
  lines(name: string): string[] {
    return this.raw(name)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  }

  url(name: string, fallback?: string): string | undefined {
    const value = this.optional(name) ?? fallback;
    return value === undefined ? undefined : parseUrl(name, value);
  }

  positiveInteger(name: string, fallback: number): number {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) <= 0) {
      throw inputError(name, `'${value}' is not a positive whole number`, 'Give a number such as 1 or 10.');
    }
    return Number(value);
  }
}

/** An absolute http(s) URL without credentials, trailing slashes dropped; `name` is the input it came for. */
export function parseUrl(name: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw inputError(name, 'is not a valid URL', 'Give an absolute http(s) URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw inputError(name, `uses the ${parsed.protocol} scheme`, 'Give an http(s) URL.');
  }
  // Never echoed: the credentials would reach the log, and fetch refuses such URLs anyway.
  if (parsed.username || parsed.password) {
    throw inputError(
      name,
      'contains a user name or password (user:password@host)',
      'Remove them from the URL: point it at an endpoint that answers without authentication, and keep secrets in secrets.',
    );
  }
  return value.replace(/\/+$/, '');
}

export { ConfigurationError };
