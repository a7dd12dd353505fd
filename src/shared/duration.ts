import { inputError } from './errors.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export interface DurationBounds {
  minMs: number;
  maxMs: number;
}

/** Up to six hours, the longest a GitHub-hosted job runs (well within what Node's timers hold). */
export const DEFAULT_BOUNDS: DurationBounds = { minMs: 1, maxMs: 6 * 3_600_000 };

/** What a wait a user sets as an input may be: one second at least, six hours at most. */
export const INPUT_BOUNDS: DurationBounds = { minMs: 1000, maxMs: 6 * 3_600_000 };

/**
 * Parses `90s`, `15m`, `1h`, `1h30m` or a bare number of seconds into milliseconds, within bounds.
 * `input` names the action input, so the error tells the user which one to fix.
 */
export function parseDuration(input: string, value: string, bounds: DurationBounds = DEFAULT_BOUNDS): number {
  const text = value.trim();
  const fix = `Write it like '90s', '15m', '1h' or '1h30m', between ${formatDuration(bounds.minMs)} and ${formatDuration(bounds.maxMs)}.`;
  const parts = /^\d+$/.test(text) ? [[text, text, 's'] as const] : [...text.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed !== text) throw inputError(input, `'${value}' is not a duration`, fix);
  const ms = parts.reduce((total, p) => total + Number(p[1]) * UNITS[p[2]!]!, 0);
  if (ms <= 0) throw inputError(input, `'${value}' is zero`, fix);
  if (ms < bounds.minMs)
    throw inputError(input, `'${value}' is a duration shorter than ${formatDuration(bounds.minMs)}`, fix);
  if (!Number.isSafeInteger(ms) || ms > bounds.maxMs) {
    throw inputError(input, `'${value}' is a duration longer than ${formatDuration(bounds.maxMs)}`, fix);
  }
  return ms;
}

/** 75_000 -> "1m15s": how durations are shown in logs and summaries. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
