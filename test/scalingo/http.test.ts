import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeError } from '../../src/shared/errors.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { ScalingoClient } from '../../src/scalingo/client.ts';
import { ScalingoApiError } from '../../src/scalingo/errors.ts';
import { fakeJwt, json, startFakeApi, type FakeApi } from './fake-api.ts';

const API_TOKEN = 'tk-us-unit-test-token-0123456789';
const APP = { id: 'app-1', name: 'my-app', url: 'https://my-app.osc-fr1.scalingo.io', status: 'running', links: {} };

let api: FakeApi;
let logger: MemoryLogger;
let issued: string[];

function client(overrides: { apiUrl?: string } = {}): ScalingoClient {
  return new ScalingoClient({
    apiToken: API_TOKEN,
    apiUrl: overrides.apiUrl ?? api.url,
    authUrl: api.url,
    dbApiUrl: api.url,
    logger,
    retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
}

function exchanges(): number {
  return api.received.filter((r) => r.path === '/v1/tokens/exchange').length;
}

function appCalls(): number {
  return api.received.filter((r) => r.path === '/v1/apps/my-app').length;
}

function expectNoSecretLogged(): void {
  const text = logger.text();
  for (const secret of [API_TOKEN, ...issued]) {
    expect(text).not.toContain(secret);
    expect(logger.masked).toContain(secret);
  }
}

beforeEach(async () => {
  api = await startFakeApi();
  logger = new MemoryLogger();
  issued = [];
  api.on('POST /v1/tokens/exchange', (req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from(`:${API_TOKEN}`).toString('base64')}`) {
      return json(res, 401, { error: 'Invalid credentials' });
    }
    const token = fakeJwt(3600);
    issued.push(token);
    json(res, 200, { token });
  });
  api.on('GET /v1/apps/my-app', (_req, res) => json(res, 200, { app: APP }));
});

afterEach(async () => {
  await api.close();
});

describe('token exchange', () => {
  it('exchanges the API token once with Basic ":token", then sends the JWT as Bearer', async () => {
    const c = client();
    await c.apps.get('my-app');
    await c.apps.get('my-app');
    expect(exchanges()).toBe(1);
    const calls = api.received.filter((r) => r.path === '/v1/apps/my-app');
    expect(calls.map((r) => r.headers.authorization)).toEqual([`Bearer ${issued[0]}`, `Bearer ${issued[0]}`]);
    expect(calls[0]!.headers['user-agent']).toBe('scalingo-actions');
    expectNoSecretLogged();
  });

  it('reuses a short-lived token until halfway through its life, then exchanges again', async () => {
    // A token that arrives with under 5 minutes to live is not exchanged again before every request
    // (each exchange counts against the 60 a minute), but it is renewed before it expires.
    api.on('POST /v1/tokens/exchange', (_req, res) => {
      const token = fakeJwt(issued.length === 0 ? 2 : 3600);
      issued.push(token);
      json(res, 200, { token });
    });
    const c = client();
    await c.apps.get('my-app');
    await c.apps.get('my-app');
    expect(exchanges()).toBe(1);
    await new Promise((done) => setTimeout(done, 1500));
    await c.apps.get('my-app');
    expect(exchanges()).toBe(2);
    const calls = api.received.filter((r) => r.path === '/v1/apps/my-app');
    expect(calls[1]!.headers.authorization).toBe(`Bearer ${issued[0]}`);
    expect(calls[2]!.headers.authorization).toBe(`Bearer ${issued[1]}`);
    expectNoSecretLogged();
  });

  it('exchanges again once after a 401 and replays the request', async () => {
    let refused = 0;
    api.on('GET /v1/apps/my-app', (req, res) => {
      if (req.headers.authorization === `Bearer ${issued[0]}`) {
        refused++;
        return json(res, 401, { error: 'token has expired' });
      }
      json(res, 200, { app: APP });
    });
    const app = await client().apps.get('my-app');
    expect(app.name).toBe('my-app');
    expect(refused).toBe(1);
    expect(exchanges()).toBe(2);
    expectNoSecretLogged();
  });

  it('gives up after the second 401 with a user-facing message', async () => {
    api.on('GET /v1/apps/my-app', (_req, res) => json(res, 401, { error: 'not authenticated' }));
    const error = await client()
      .apps.get('my-app')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScalingoApiError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, userFacing: true });
    expect(appCalls()).toBe(2);
    expect(exchanges()).toBe(2);
  });

  it('explains how to create a token when the exchange refuses it', async () => {
    const c = new ScalingoClient({
      apiToken: 'tk-us-wrong',
      apiUrl: api.url,
      authUrl: api.url,
      dbApiUrl: api.url,
      logger,
      retry: { retries: 2, baseDelayMs: 1 },
    });
    const error = await c.apps.get('my-app').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(describeError(error)).toMatch(
      /^Scalingo rejected the API token \(401: Invalid credentials\).*User settings > API tokens.*`api-token`/,
    );
    expect(describeError(error)).not.toContain('tk-us-wrong');
    expect(exchanges()).toBe(1);
    expect(appCalls()).toBe(0);
  });

  it.each([
    ['https://example.invalid/v1/', 'an origin with /v1/'],
    ['https://example.invalid/', 'a trailing slash'],
  ])('accepts an API URL with %s (%s)', async (suffix) => {
    const app = await client({ apiUrl: api.url + new URL(suffix).pathname }).apps.get('my-app');
    expect(app.id).toBe('app-1');
  });
});

describe('retries', () => {
  function failTimes(n: number, fail: (res: import('node:http').ServerResponse) => void): void {
    let seen = 0;
    api.on('GET /v1/apps/my-app', (_req, res) => {
      if (seen++ < n) return fail(res);
      json(res, 200, { app: APP });
    });
  }

  it.each([
    [
      '429 with its plain-text body',
      (res: import('node:http').ServerResponse) => {
        res.writeHead(429, { 'Content-Type': 'text/plain' });
        res.end('Retry later');
      },
    ],
    ['500', (res: import('node:http').ServerResponse) => json(res, 500, { error: 'boom' })],
    ['503', (res: import('node:http').ServerResponse) => json(res, 503, { error: 'unavailable' })],
    ['a reset connection', (res: import('node:http').ServerResponse) => void res.socket?.destroy()],
  ])('retries a GET after %s and counts the retries in debug logs', async (_name, fail) => {
    failTimes(2, fail);
    const app = await client().apps.get('my-app');
    expect(app.id).toBe('app-1');
    expect(appCalls()).toBe(3);
    const retries = logger.lines.filter(
      (l) => l.level === 'debug' && /GET \/v1\/apps\/my-app: .*retry \d of \d+/.test(l.message),
    );
    expect(retries.map((l) => /retry (\d)/.exec(l.message)?.[1])).toEqual(['1', '2']);
  });

  it('waits out more 429s than the 5xx retries allow: a rate limit is counted apart', async () => {
    failTimes(8, (res) => {
      res.writeHead(429, { 'Content-Type': 'text/plain' });
      res.end('Retry later');
    });
    const app = await client().apps.get('my-app');
    expect(app.id).toBe('app-1');
    expect(appCalls()).toBe(9);
    // Said once, at info level: a slow deploy says why.
    expect(logger.lines.filter((l) => l.level === 'info' && /429/.test(l.message))).toEqual([
      {
        level: 'info',
        message: expect.stringMatching(/^Scalingo answered 429 \(at most 60 requests a minute per API token/),
      },
    ]);
  });

  it('reports the rate limit once its own retries are spent too', async () => {
    failTimes(100, (res) => {
      res.writeHead(429, { 'Content-Type': 'text/plain' });
      res.end('Retry later');
    });
    const error = await client()
      .apps.get('my-app')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(appCalls()).toBe(13);
  });

  it('stops after the configured retries with the last status', async () => {
    failTimes(100, (res) => json(res, 503, { error: 'unavailable' }));
    const error = await client()
      .apps.get('my-app')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server', status: 503 });
    expect(appCalls()).toBe(4);
  });

  it('does not retry a non-idempotent POST after a 5xx', async () => {
    api.on('POST /v1/apps/my-app/restart', (_req, res) => json(res, 502, { error: 'bad gateway' }));
    const error = await client()
      .apps.restart('my-app')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server', status: 502 });
    expect(api.received.filter((r) => r.path === '/v1/apps/my-app/restart')).toHaveLength(1);
  });

  it('retries a POST after a 429: the rate limiter refused it before it ran', async () => {
    let seen = 0;
    api.on('POST /v1/apps/my-app/restart', (_req, res) => {
      if (seen++ === 0) {
        res.writeHead(429, { 'Content-Type': 'text/plain' });
        res.end('Retry later');
        return;
      }
      res.writeHead(202, { Location: `${api.url}/v1/apps/my-app/operations/op-42` });
      res.end();
    });
    expect(await client().apps.restart('my-app', ['web'])).toEqual({ operationId: 'op-42' });
    const restarts = api.received.filter((r) => r.path === '/v1/apps/my-app/restart');
    expect(restarts).toHaveLength(2);
    expect(JSON.parse(restarts[0]!.body)).toEqual({ scope: ['web'] });
  });
});

describe('errors', () => {
  it.each([
    [
      402,
      { error: 'free trial expired', url: 'https://dashboard.scalingo.com/billing' },
      'payment-required',
      true,
      /billing reasons \(402: free trial expired\).*https:\/\/dashboard/,
    ],
    [
      403,
      { error: 'forbidden', code: 'forbidden' },
      'forbidden',
      true,
      /forbids the token's user to read app 'my-app' \(403: forbidden\)/,
    ],
    [
      404,
      { resource: 'app', error: 'not found' },
      'not-found',
      true,
      /^Scalingo has no app named 'my-app' in this region \(127\.0\.0\.1:\d+\) \(or the token cannot see it\): check `app` and `region`/,
    ],
    [404, { error: 'not found' }, 'not-found', true, /^Scalingo has no app named 'my-app'/],
    [409, { error: 'an operation is running' }, 'conflict', true, /current state \(409: an operation is running\)/],
    [
      422,
      { errors: { name: ["can't be blank", 'must start with a letter'], value: ["can't be blank"] } },
      'validation',
      true,
      /name: can't be blank; name: must start with a letter; value: can't be blank/,
    ],
    [400, { error: 'invalid JSON' }, 'unexpected', false, /answered 400: invalid JSON/],
  ])('%i %j -> %s', async (status, body, kind, userFacing, message) => {
    api.on('GET /v1/apps/my-app', (_req, res) => json(res, status, body));
    const error = (await client()
      .apps.get('my-app')
      .catch((e: unknown) => e)) as ScalingoApiError;
    expect(error).toBeInstanceOf(ScalingoApiError);
    expect(error).toMatchObject({ kind, status, userFacing });
    expect(error.body).toEqual(body);
    expect(error.message).toMatch(message);
    expect(appCalls()).toBe(1);
  });

  it('names the missing resource when it is not the app', async () => {
    api.on('GET /v1/apps/my-app/deployments/d-1', (_req, res) =>
      json(res, 404, { resource: 'deployment', error: 'not found' }),
    );
    const error = (await client()
      .deployments.get('my-app', 'd-1')
      .catch((e: unknown) => e)) as ScalingoApiError;
    expect(error).toMatchObject({ kind: 'not-found', resource: 'deployment' });
    expect(error.message).toBe(
      "Scalingo found no deployment while trying to read deployment d-1 of 'my-app' (404: not found).",
    );
  });

  it('reads a 429 body as text, not JSON', async () => {
    api.on('GET /v1/apps/my-app', (_req, res) => {
      res.writeHead(429, { 'Content-Type': 'text/plain' });
      res.end('Retry later');
    });
    const error = (await client()
      .apps.get('my-app')
      .catch((e: unknown) => e)) as ScalingoApiError;
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, body: 'Retry later' });
    expect(error.message).toMatch(/rate limit.*\(429: Retry later\).*60 requests per minute/);
  });

  it('turns an unreachable host into a network error naming the host', async () => {
    const closed = await startFakeApi();
    await closed.close();
    const c = new ScalingoClient({
      apiToken: API_TOKEN,
      apiUrl: closed.url,
      authUrl: closed.url,
      dbApiUrl: closed.url,
      logger,
      retry: { retries: 1, baseDelayMs: 1 },
    });
    const error = await c.apps.get('my-app').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', status: 0, userFacing: true });
    expect((error as Error).message).toContain(
      `Could not reach Scalingo at ${new URL(closed.url).host} to exchange the API token`,
    );
    expect((error as Error).message).toMatch(/\(ECONNREFUSED\) after 2 attempts/);
  });
});
