import { describe, expect, it } from 'vitest';
import { rateLimitDelayMs } from '../../src/github/http.ts';

const answer = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });
const now = Math.floor(Date.now() / 1000);

describe('rateLimitDelayMs', () => {
  it.each([
    ['403 with retry-after', answer(403, { 'retry-after': '7' }), '', 7_000],
    ['429 with retry-after', answer(429, { 'retry-after': '2' }), '', 2_000],
    ['429 without a hint', answer(429), '', 0],
    [
      '403 secondary rate limit by message',
      answer(403),
      '{"message":"You have exceeded a secondary rate limit."}',
      60_000,
    ],
  ])('%s → %s ms', (_what, response, body, expected) => {
    expect(rateLimitDelayMs(response, body)).toBe(expected);
  });

  it('waits until the primary limit resets, plus a second', () => {
    const delay = rateLimitDelayMs(
      answer(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now + 120) }),
    );
    expect(delay).toBeGreaterThan(100_000);
    expect(delay).toBeLessThanOrEqual(121_000 + 1_000);
  });

  it.each([
    ['a permission 403', answer(403), '{"message":"Resource not accessible by integration"}'],
    [
      'a 403 with quota left',
      answer(403, { 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(now + 60) }),
      '',
    ],
    ['a 500', answer(500, { 'retry-after': '3' }), ''],
    ['a 404', answer(404), ''],
  ])('%s is not a rate limit', (_what, response, body) => {
    expect(rateLimitDelayMs(response, body)).toBeUndefined();
  });
});
