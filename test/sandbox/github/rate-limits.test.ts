import { afterEach, describe, expect, it } from 'vitest';
import {
  secondaryRateLimitFault,
  startGitHubDouble,
  type GitHubDouble,
  type GitHubDoubleOptions,
} from '../../../sandbox/github/index.ts';
import { api } from './http.ts';

let gh: GitHubDouble;
let clock: number;

async function start(options: GitHubDoubleOptions = {}): Promise<number> {
  clock = Date.parse('2026-03-02T10:00:00Z');
  gh = await startGitHubDouble({ now: () => clock, ...options });
  gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
  return gh.git.openPullRequest({ title: 'Busy' }).number;
}
afterEach(async () => {
  await gh.close();
});

const comment = (n: number, body = 'x') => api(gh, 'POST', `/repos/acme/shop/issues/${n}/comments`, { body });

describe('content-creation secondary rate limit (facts B7)', () => {
  it('accepts 80 comments in a minute and refuses the 81st with GitHub’s secondary-limit answer', async () => {
    const n = await start();
    for (let i = 0; i < 80; i++) expect((await comment(n)).status).toBe(201);
    const refused = await comment(n);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      message: expect.stringMatching(
        /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\./,
      ),
      documentation_url: expect.stringContaining('secondary-rate-limits'),
    });
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(gh.journal.at(-1)).toMatchObject({ method: 'POST', status: 403, limited: 'secondary' });
    expect(gh.mutations()).toHaveLength(81);
    expect(gh.state.comments).toHaveLength(80);
  });

  it('is a rolling minute: one minute after the first comment, one more is accepted', async () => {
    const n = await start({ contentLimits: { perMinute: 3 } });
    for (let i = 0; i < 3; i++) {
      expect((await comment(n)).status).toBe(201);
      clock += 10_000;
    }
    expect((await comment(n)).status).toBe(403);
    clock += 30_001; // the first comment is now more than 60 s old
    expect((await comment(n)).status).toBe(201);
    expect((await comment(n)).status).toBe(403);
  });

  it('also holds 500 an hour, spread over minutes', async () => {
    const n = await start({ contentLimits: { perMinute: 1000, perHour: 5 } });
    for (let i = 0; i < 5; i++) {
      expect((await comment(n)).status).toBe(201);
      clock += 5 * 60_000;
    }
    expect((await comment(n)).status).toBe(403);
    clock += 60 * 60_000;
    expect((await comment(n)).status).toBe(201);
  });

  it.each([
    ['without retry-after (default)', {}, 403, null],
    ['with retry-after when the option asks', { retryAfter: 61 }, 403, '61'],
    ['as a 429', { status: 429 as const, retryAfter: 30 }, 429, '30'],
  ])('answers %s', async (_what, limits, status, retryAfter) => {
    const n = await start({ contentLimits: { perMinute: 1, ...limits } });
    await comment(n);
    const refused = await comment(n);
    expect(refused.status).toBe(status);
    expect(refused.headers.get('retry-after')).toBe(retryAfter);
  });

  it.each([
    ['an issue', (n: number) => api(gh, 'POST', '/repos/acme/shop/issues', { title: `Issue after #${n}` })],
    ['a release', () => api(gh, 'POST', '/repos/acme/shop/releases', { tag_name: `v${Math.random()}`, draft: true })],
  ])('counts creating %s as content creation too', async (_what, create) => {
    const n = await start({ contentLimits: { perMinute: 2 } });
    await comment(n);
    expect((await create(n)).status).toBe(201);
    expect((await create(n)).status).toBe(403);
  });

  it('does not count reads, edits or deletes', async () => {
    const n = await start({ contentLimits: { perMinute: 1 } });
    const { body } = await comment(n);
    for (let i = 0; i < 5; i++) {
      expect((await api(gh, 'PATCH', `/repos/acme/shop/issues/comments/${body.id}`, { body: `v${i}` })).status).toBe(
        200,
      );
      expect((await api(gh, 'GET', `/repos/acme/shop/issues/${n}/comments`)).status).toBe(200);
    }
  });

  it('scripts a one-off secondary limit with retry-after: 61 through fault()', async () => {
    const n = await start();
    gh.fault(secondaryRateLimitFault({ method: 'POST', path: '/comments', retryAfter: 61 }));
    const refused = await comment(n);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('retry-after')).toBe('61');
    expect(refused.body.message).toMatch(/secondary rate limit/);
    expect(gh.journal.at(-1)).toMatchObject({ faulted: true, status: 403 });
    expect((await comment(n)).status).toBe(201);
  });
});

describe('GraphQL rate limit', () => {
  const query = (q = '{ repository(owner: "acme", name: "shop") { nameWithOwner } }') =>
    api(gh, 'POST', '/graphql', { query: q });

  it('answers the next N queries with 200 and a RATE_LIMITED error, then answers normally', async () => {
    await start();
    gh.rateLimitGraphQL({ times: 2 });
    for (let i = 0; i < 2; i++) {
      const limited = await query();
      expect(limited.status).toBe(200);
      expect(limited.body).toEqual({
        errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 41898282.' }],
      });
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(limited.headers.get('x-ratelimit-resource')).toBe('graphql');
      expect(Number(limited.headers.get('x-ratelimit-reset'))).toBe(Date.parse('2026-03-02T10:01:00Z') / 1000);
    }
    expect((await query()).body).toEqual({ data: { repository: { nameWithOwner: 'acme/shop' } } });
    expect(gh.journal.map((e) => e.limited)).toEqual(['graphql', 'graphql', undefined]);
    expect(gh.mutations()).toEqual([]);
  });

  it('can play the newer RATE_LIMIT shape with a code', async () => {
    await start();
    gh.rateLimitGraphQL({ type: 'RATE_LIMIT' });
    expect((await query()).body.errors).toEqual([
      {
        type: 'RATE_LIMIT',
        code: 'graphql_rate_limit',
        message: 'API rate limit already exceeded for user ID 41898282.',
      },
    ]);
  });

  it('still answers 401 to a bad token first, and leaves REST alone', async () => {
    await start();
    gh.rateLimitGraphQL();
    expect((await api(gh, 'POST', '/graphql', { query: '{ viewer { login } }' }, 'nope')).status).toBe(401);
    expect((await api(gh, 'GET', '/repos/acme/shop')).status).toBe(200);
    expect((await query()).body.errors[0].type).toBe('RATE_LIMITED');
  });
});
