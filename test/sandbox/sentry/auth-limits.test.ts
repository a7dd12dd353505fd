import { afterEach, describe, expect, it } from 'vitest';
import { startSentryDouble, type SentryDouble, type SentryDoubleOptions } from '../../../sandbox/sentry/index.ts';
import { call, releasePath, releasesPath } from './http.ts';

let sentry: SentryDouble;
let clock: number;

async function start(options: SentryDoubleOptions = {}): Promise<void> {
  clock = Date.parse('2026-03-02T10:00:00.250Z');
  sentry = await startSentryDouble({ now: () => clock, ...options });
}
afterEach(async () => {
  await sentry.close();
});

const create = (version: string, token?: string | null) =>
  call(sentry, 'POST', releasesPath(), { version, projects: ['shop'] }, token);

describe('tokens and scopes (facts A1)', () => {
  it('makes an org token in sentry-cli’s format, embedding the double’s URL and org', async () => {
    await start();
    const [, payload] = /^sntrys_([A-Za-z0-9+/=]+)_[0-9a-f]+$/.exec(sentry.orgToken) ?? [];
    expect(JSON.parse(Buffer.from(payload!, 'base64').toString('utf8'))).toMatchObject({
      url: sentry.url,
      org: 'acme',
    });
    expect(sentry.userToken).toMatch(/^sntryu_[0-9a-f]{64}$/);
  });

  it.each([
    ['no token', null, { detail: 'Authentication credentials were not provided.' }],
    ['an unknown token', 'sntryu_nope', { detail: 'Invalid token' }],
  ])('answers 401 to %s', async (_what, token, body) => {
    await start();
    expect(await create('1.0.0', token)).toMatchObject({ status: 401, body });
    expect(sentry.journal.at(-1)).toMatchObject({ status: 401 });
  });

  it.each([
    ['org:ci (org token)', { kind: 'org' as const }, 201],
    ['project:releases', { scopes: ['project:releases'] }, 201],
    ['project:write', { scopes: ['project:write'] }, 201],
    ['project:read only', { scopes: ['project:read'] }, 403],
    ['event:read only', { scopes: ['event:read'] }, 403],
  ])('creating a release with %s → %i', async (_what, spec, status) => {
    await start();
    const answer = await create('1.0.0', sentry.addToken(spec));
    expect(answer.status).toBe(status);
    if (status === 403) expect(answer.body).toEqual({ detail: 'You do not have permission to perform this action.' });
  });

  it('plays an older self-hosted server that does not know org:ci (settings.orgCiScope: false)', async () => {
    await start({ orgCiScope: false });
    expect((await create('1.0.0')).status).toBe(403);
    expect((await create('1.0.0', sentry.userToken)).status).toBe(201);
  });

  it('lets a test choose the unconfirmed 401/403 bodies', async () => {
    await start({ bodies: { forbidden: { error: 'nope' } } });
    await create('1.0.0');
    const eventsOnly = sentry.addToken({ kind: 'user', scopes: ['event:read'] });
    const answer = await call(sentry, 'GET', releasePath('1.0.0'), undefined, eventsOnly);
    expect(answer).toMatchObject({ status: 403, body: { error: 'nope' } });
  });
});

describe('rate limits (facts A8)', () => {
  it('sends X-Sentry-Rate-Limit-* on answers and 429s over the per-caller, per-endpoint window', async () => {
    await start({ rateLimit: { limit: 3, windowSeconds: 1, concurrentLimit: 25 } });
    const first = await create('1');
    expect(first.headers.get('x-sentry-rate-limit-limit')).toBe('3');
    expect(first.headers.get('x-sentry-rate-limit-remaining')).toBe('2');
    expect(first.headers.get('x-sentry-rate-limit-reset')).toBe(String(Date.parse('2026-03-02T10:00:01Z') / 1000));
    expect(first.headers.get('x-sentry-rate-limit-concurrentlimit')).toBe('25');
    await create('2');
    await create('3');
    const limited = await create('4');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      detail: 'You are attempting to use this endpoint too frequently. Limit is 3 requests in 1 seconds',
    });
    expect(limited.headers.get('x-sentry-rate-limit-remaining')).toBe('0');
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(sentry.journal.at(-1)).toMatchObject({ status: 429, rateLimited: true });
    // Another endpoint, and another caller, have their own windows.
    expect((await call(sentry, 'GET', releasePath('1'))).status).toBe(200);
    expect((await create('5', sentry.userToken)).status).toBe(201);
    clock += 1000;
    expect((await create('6')).status).toBe(201);
  });

  it.each([
    ['Retry-After when settings.retryAfter (unconfirmed)', { retryAfter: true }, '1', true],
    ['no limiting and no headers on self-hosted', { selfHosted: true }, null, false],
  ])('plays %s', async (_what, settings, retryAfter, limits) => {
    await start({ rateLimit: { limit: 1, windowSeconds: 1, concurrentLimit: 25 }, ...settings });
    await create('1');
    const second = await create('2');
    expect(second.status).toBe(limits ? 429 : 201);
    expect(second.headers.get('retry-after')).toBe(retryAfter);
    if (!limits) expect(second.headers.get('x-sentry-rate-limit-limit')).toBeNull();
  });

  it('refuses beyond the concurrency limit while requests are in flight', async () => {
    await start({ rateLimit: { limit: 100, windowSeconds: 1, concurrentLimit: 1 } });
    sentry.fault({ path: releasesPath(), delayMs: 200 });
    const slow = create('1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await create('2');
    expect(refused.status).toBe(429);
    expect((await slow).status).toBe(201);
  });
});

describe('faults', () => {
  it.each([
    [500, { detail: 'Internal Error' }],
    [502, { detail: 'Error 502' }],
    [503, { detail: 'Error 503' }],
  ])('answers %i for the next `times` matching requests, then the real answer', async (status, body) => {
    await start();
    sentry.fault({ method: 'POST', path: '/releases/', status, times: 2 });
    expect(await create('1')).toMatchObject({ status, body });
    expect((await create('1')).status).toBe(status);
    expect((await create('1')).status).toBe(201);
    expect(sentry.journal.map((e) => e.faulted ?? false)).toEqual([true, true, false]);
  });

  it('a 429 fault carries the detail body and the rate-limit headers', async () => {
    await start();
    sentry.fault({ path: '/deploys', status: 429 });
    await create('1');
    const answer = await call(sentry, 'POST', `${releasePath('1')}deploys/`, { environment: 'production' });
    expect(answer.status).toBe(429);
    expect(answer.body.detail).toMatch(
      /^You are attempting to use this endpoint too frequently\. Limit is \d+ requests/,
    );
    expect(answer.headers.get('x-sentry-rate-limit-remaining')).toBe('0');
    expect(Number(answer.headers.get('x-sentry-rate-limit-reset'))).toBeGreaterThan(clock / 1000);
  });

  it('delays (delayMs alone delays the real answer) and drops connections', async () => {
    await start();
    sentry.fault({ path: releasesPath(), delayMs: 100 });
    // No clock read (no timing in tests): the delayed request is journalled as faulted and still got
    // the real answer, the release.
    expect((await create('1')).status).toBe(201);
    expect(sentry.journal.at(-1)?.faulted).toBe(true);
    expect(sentry.release('1')).toBeDefined();
    sentry.fault({ path: releasesPath(), drop: true });
    await expect(create('2')).rejects.toThrow();
    expect(sentry.release('2')).toBeUndefined();
  });

  it('counts POST/PUT as mutations, not GETs', async () => {
    await start();
    await create('1');
    await call(sentry, 'GET', releasePath('1'));
    await call(sentry, 'PUT', releasePath('1'), { dateReleased: '2026-03-02T10:00:00Z' });
    expect(sentry.mutations().map((e) => `${e.method} ${e.status}`)).toEqual(['POST 201', 'PUT 200']);
  });
});
