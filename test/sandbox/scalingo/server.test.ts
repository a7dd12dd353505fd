import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/scalingo/index.ts';
import { call, exchange } from './test-helpers.ts';

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ phaseMs: 20 });
  sandbox.createApp('my-app');
});
afterEach(async () => {
  await sandbox.close();
});

function claims(jwt: string): Record<string, unknown> {
  const [header, payload] = jwt.split('.');
  expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toMatchObject({ alg: 'HS512' });
  return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
}

describe('token exchange and authentication', () => {
  it('exchanges the API token for a JWT with numeric exp and 1 h lifetime', async () => {
    expect(sandbox.apiToken).toMatch(/^tk-us-/);
    const jwt = await exchange(sandbox);
    const c = claims(jwt);
    expect(c).toMatchObject({ iss: 'Scalingo', uuid: expect.stringMatching(/^us-/), rnd: expect.any(String) });
    expect(Number(c.exp) - Number(c.iat)).toBe(3600);
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/my-app')).status).toBe(200);
  });

  it.each([
    ['a wrong token', `Basic ${Buffer.from(':tk-us-wrong').toString('base64')}`],
    ['no header', undefined],
    ['a bearer header', 'Bearer x'],
  ])('refuses an exchange with %s (401 Invalid credentials)', async (_name, header) => {
    const res = await fetch(`${sandbox.authUrl}/v1/tokens/exchange`, {
      method: 'POST',
      headers: header ? { Authorization: header } : {},
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Invalid credentials' });
  });

  it('refuses API calls without a JWT, with a forged one and with an expired one', async () => {
    expect((await call(sandbox, null, 'GET', '/v1/apps/my-app')).status).toBe(401);
    const other = await startSandbox({ apiToken: sandbox.apiToken });
    try {
      const foreign = await exchange(other);
      expect((await call(sandbox, foreign, 'GET', '/v1/apps/my-app')).body).toEqual({ error: 'invalid token' });
    } finally {
      await other.close();
    }
    const short = await startSandbox({ jwtLifetimeSeconds: 1 });
    try {
      short.createApp('my-app');
      const jwt = await exchange(short);
      expect((await call(short, jwt, 'GET', '/v1/apps/my-app')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await call(short, jwt, 'GET', '/v1/apps/my-app')).toMatchObject({
        status: 401,
        body: { error: 'token has expired' },
      });
      expect((await call(short, await exchange(short), 'GET', '/v1/apps/my-app')).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  it('serves regions and the current user on the auth host', async () => {
    const jwt = await exchange(sandbox);
    const regions = await call(sandbox, jwt, 'GET', '/v1/regions');
    expect(regions.body.regions[0]).toMatchObject({
      name: 'osc-fr1',
      api: sandbox.apiUrl,
      database_api: sandbox.dbApiUrl,
      default: true,
    });
    expect((await call(sandbox, jwt, 'GET', '/v1/users/self')).body.user).toMatchObject({
      id: expect.stringMatching(/^us-/),
      username: expect.any(String),
    });
  });
});

describe('routing', () => {
  it('finds apps by name or id, 404s unknown ones with the §2 body, accepts a trailing ?', async () => {
    const jwt = await exchange(sandbox);
    const byName = await call(sandbox, jwt, 'GET', '/v1/apps/my-app?');
    expect(byName.status).toBe(200);
    expect((await call(sandbox, jwt, 'GET', `/v1/apps/${byName.body.app.id}`)).body.app.name).toBe('my-app');
    expect(await call(sandbox, jwt, 'GET', '/v1/apps/nope')).toMatchObject({
      status: 404,
      body: { resource: 'app', error: 'not found' },
    });
    expect((await call(sandbox, jwt, 'GET', '/v1/apps')).body.apps).toHaveLength(1);
  });

  it.each([
    ['no body', undefined],
    ['an empty JSON object', {}],
  ])('accepts a body-less POST with %s', async (_name, body) => {
    const jwt = await exchange(sandbox);
    expect((await call(sandbox, jwt, 'POST', '/v1/apps/my-app/restart', body)).status).toBe(202);
    expect((await call(sandbox, jwt, 'POST', '/v1/sources', body)).status).toBe(201);
  });

  it.each([
    [{ deployment: { git_ref: 'abc' } }, 'source_url'],
    [{ deployment: { source_url: 'ftp://example.invalid/a.tgz' } }, 'source_url'],
    [{ deployment: { source_url: 'http://127.0.0.1:1/a.tgz', git_ref: '-bad' } }, 'git_ref'],
  ])('refuses an invalid deployment %j with 422 and creates nothing', async (body, field) => {
    const jwt = await exchange(sandbox);
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/deployments', body);
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual([field]);
    expect(sandbox.app('my-app').deployments).toEqual([]);
  });

  it('answers invalid JSON with 400', async () => {
    const jwt = await exchange(sandbox);
    const res = await fetch(`${sandbox.url}/v1/apps/my-app/deployments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
      body: '{oops',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid JSON' });
  });

  it('journals every request and lists mutations apart from token exchanges', async () => {
    const jwt = await exchange(sandbox);
    await call(sandbox, jwt, 'GET', '/v1/apps/my-app?x=1');
    await call(sandbox, jwt, 'POST', '/v1/apps/my-app/restart', { scope: ['web'] });
    expect(sandbox.journal.map((e) => [e.method, e.path, e.status, e.auth])).toEqual([
      ['POST', '/v1/tokens/exchange', 200, 'basic'],
      ['GET', '/v1/apps/my-app', 200, 'bearer'],
      ['POST', '/v1/apps/my-app/restart', 202, 'bearer'],
    ]);
    expect(sandbox.journal[1]?.query).toEqual({ x: '1' });
    expect(sandbox.mutations().map((e) => [e.path, e.body])).toEqual([['/v1/apps/my-app/restart', { scope: ['web'] }]]);
  });

  it('serves the app web endpoint with the configured status', async () => {
    expect((await fetch(`${sandbox.url}/web/my-app/health`)).status).toBe(200);
    sandbox.webStatus('my-app', 503);
    expect((await fetch(`${sandbox.url}/web/my-app`)).status).toBe(503);
  });
});

describe('faults', () => {
  it.each([
    [503, { error: 'service unavailable' }, 'application/json'],
    [500, { error: 'internal server error' }, 'application/json'],
  ])('answers %i with the §2 JSON body, once by default', async (status, body, type) => {
    const jwt = await exchange(sandbox);
    sandbox.fault({ path: '/v1/apps/my-app', status });
    const faulty = await call(sandbox, jwt, 'GET', '/v1/apps/my-app');
    expect(faulty).toMatchObject({ status, body });
    expect(faulty.headers.get('content-type')).toContain(type);
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/my-app')).status).toBe(200);
    expect(sandbox.journal.filter((e) => e.fault).map((e) => e.status)).toEqual([status]);
  });

  it('answers 429 with the plain text Retry later, as often as asked, for the method given', async () => {
    const jwt = await exchange(sandbox);
    sandbox.fault({ method: 'GET', path: /\/deployments$/, status: 429, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/deployments');
      expect(res).toMatchObject({ status: 429, text: 'Retry later' });
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    }
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/my-app/deployments')).status).toBe(200);
  });

  it('drops the connection without an answer', async () => {
    const jwt = await exchange(sandbox);
    sandbox.fault({ path: '/v1/apps/my-app', drop: true });
    await expect(call(sandbox, jwt, 'GET', '/v1/apps/my-app')).rejects.toThrow();
    expect(sandbox.journal.at(-1)).toMatchObject({ path: '/v1/apps/my-app', status: 0, fault: true });
  });

  it('delays then serves normally', async () => {
    const jwt = await exchange(sandbox);
    sandbox.fault({ path: '/v1/apps/my-app', delayMs: 50 });
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/my-app')).status).toBe(200);
    expect(sandbox.journal.at(-1)).toMatchObject({ fault: true, status: 200 });
  });

  it('applies to the token exchange too, with a custom body', async () => {
    sandbox.fault({ path: '/v1/tokens/exchange', status: 502, body: 'upstream down' });
    const res = await fetch(`${sandbox.authUrl}/v1/tokens/exchange`, { method: 'POST' });
    expect(res.status).toBe(502);
    expect(await res.text()).toBe('upstream down');
  });
});

describe('sources', () => {
  it('hands out pre-signed URLs; the PUT needs no Authorization and an explicit length', async () => {
    const jwt = await exchange(sandbox);
    const created = await call(sandbox, jwt, 'POST', '/v1/sources', {});
    expect(created.status).toBe(201);
    const { upload_url: uploadUrl, download_url: downloadUrl } = created.body.source;
    expect(uploadUrl).not.toBe(downloadUrl);
    const withAuth = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Length': '3' },
      body: 'abc',
    });
    expect(withAuth.status).toBe(400);
    const wrongToken = await fetch(uploadUrl.replace(/token=.*/, 'token=nope'), {
      method: 'PUT',
      headers: { 'Content-Length': '3' },
      body: 'abc',
    });
    expect(wrongToken.status).toBe(403);
    const put = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/x-gzip', 'Content-Length': '3' },
      body: 'abc',
    });
    expect(put.status).toBe(200);
    expect(sandbox.journal.at(-1)).toMatchObject({ method: 'PUT', auth: 'none', status: 200 });
    const get = await fetch(downloadUrl);
    expect(await get.text()).toBe('abc');
  });

  it('requires Content-Length on the upload (411 for a chunked body)', async () => {
    const jwt = await exchange(sandbox);
    const { upload_url: uploadUrl } = (await call(sandbox, jwt, 'POST', '/v1/sources')).body.source;
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('abc'));
        controller.close();
      },
    });
    const res = await fetch(uploadUrl, { method: 'PUT', body: chunked, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(411);
  });
});
