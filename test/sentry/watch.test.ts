import { describe, expect, it } from 'vitest';
import type { NewIssues, SentryApi } from '../../src/sentry/client.ts';
import { watchNewIssues } from '../../src/sentry/watch.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';

/** A Sentry whose count of new issues follows `counts` (a number, or a failure), one per call. */
function sentryCounting(counts: (number | Error)[]): SentryApi & { calls: number } {
  const fake = {
    calls: 0,
    baseUrl: 'https://sentry.example.com',
    org: 'acme',
    async newIssues(): Promise<NewIssues> {
      const next = counts[Math.min(fake.calls++, counts.length - 1)]!;
      if (next instanceof Error) throw next;
      return { count: next, exact: true, top: [] };
    },
    issuesUrl: () => 'https://sentry.example.com/organizations/acme/issues/?query=firstRelease%3A%221.3.0%22',
  };
  return fake as unknown as SentryApi & { calls: number };
}

const watch = (sentry: SentryApi, options: { durationMs: number; max?: number; pollMs?: number }) =>
  watchNewIssues(sentry, new MemoryLogger(), {
    release: '1.3.0',
    projectIds: ['1'],
    durationMs: options.durationMs,
    since: Date.now(),
    pollMs: options.pollMs ?? 10,
    ...(options.max === undefined ? {} : { maxNewIssues: options.max }),
  });

describe('watchNewIssues', () => {
  it('counts at once, then until the end of the watch, and reports the last count', async () => {
    const sentry = sentryCounting([0, 1, 2]);
    const result = await watch(sentry, { durationMs: 60, pollMs: 15 });
    expect(sentry.calls).toBeGreaterThanOrEqual(3);
    expect(result).toMatchObject({ count: 2, exceeded: false, stoppedEarly: false, release: '1.3.0' });
  });

  it('stops as soon as the count is over the maximum: nothing left to learn', async () => {
    const sentry = sentryCounting([0, 4]);
    const result = await watch(sentry, { durationMs: 60_000, max: 3, pollMs: 5 });
    expect(sentry.calls).toBe(2);
    expect(result).toMatchObject({ count: 4, exceeded: true, stoppedEarly: true, maxNewIssues: 3 });
  });

  it('a token that cannot read issues fails before any wait', async () => {
    const sentry = sentryCounting([new Error('403 You do not have permission')]);
    await expect(watch(sentry, { durationMs: 3_600_000 })).rejects.toThrow(/403/);
    expect(sentry.calls).toBe(1);
  });

  it('one failed count later in the watch keeps the previous one, and says so', async () => {
    const sentry = sentryCounting([1, new Error('503 Internal Error')]);
    const result = await watch(sentry, { durationMs: 30, pollMs: 10 });
    expect(result).toMatchObject({ count: 1, stale: '503 Internal Error' });
  });
});
