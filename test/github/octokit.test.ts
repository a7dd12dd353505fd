// Rate-limit answers reach the throttling plugin in one form, so it waits as GitHub documents (facts
// B7): retry-after first, then the reset time of an exhausted limit, then at least a minute.
import { describe, expect, it } from 'vitest';
import { normaliseRateLimit } from '../../src/github/octokit.ts';

const now = Math.floor(Date.now() / 1000);
const answer = (status: number, headers: Record<string, string> = {}, body = '') =>
  new Response(body, { status, headers });
const SECONDARY = '{"message":"You have exceeded a secondary rate limit."}';
const PRIMARY = '{"message":"API rate limit exceeded for installation ID 1."}';

describe('normaliseRateLimit', () => {
  it.each([
    ['a secondary limit with retry-after keeps it', answer(403, { 'retry-after': '7' }, SECONDARY), '7', null],
    [
      'a secondary limit on an exhausted quota waits for its reset',
      answer(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now + 120) }, SECONDARY),
      /^1[12]\d$/,
      '0',
    ],
    ['a secondary limit without headers is left to the one-minute fallback', answer(403, {}, SECONDARY), null, null],
    ['a 429 with retry-after waits that long', answer(429, { 'retry-after': '2' }, PRIMARY), '2', '0'],
    ['a bare 429 waits a minute', answer(429), null, '0'],
  ])('%s', async (_what, response, retryAfter, remaining) => {
    const out = await normaliseRateLimit(response);
    const after = out.headers.get('retry-after');
    if (retryAfter instanceof RegExp) expect(after).toMatch(retryAfter);
    else expect(after).toBe(retryAfter);
    expect(out.headers.get('x-ratelimit-remaining')).toBe(remaining);
    expect(out.status).toBe(response.status);
  });

  it('reads a limit that names a wait but no reset as exhausted until then', async () => {
    const out = await normaliseRateLimit(answer(429, { 'retry-after': '30' }, PRIMARY));
    expect(Number(out.headers.get('x-ratelimit-reset')) - now).toBeGreaterThanOrEqual(29);
    expect(Number(out.headers.get('x-ratelimit-reset')) - now).toBeLessThanOrEqual(31);
  });

  it.each([
    ['a permission 403', answer(403, {}, '{"message":"Resource not accessible by integration"}')],
    ['a 403 with quota left', answer(403, { 'x-ratelimit-remaining': '12' }, '{"message":"Forbidden"}')],
    ['a 500', answer(500, { 'retry-after': '3' })],
    ['a 404', answer(404)],
  ])('leaves %s as it is', async (_what, response) => {
    expect(await normaliseRateLimit(response)).toBe(response);
  });

  it('keeps the body readable', async () => {
    expect(await (await normaliseRateLimit(answer(403, { 'retry-after': '1' }, SECONDARY))).text()).toBe(SECONDARY);
  });
});
