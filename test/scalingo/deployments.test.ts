// Lost responses on deployment create, which the sandbox cannot produce (its drop happens before
// the deployment exists): here the server creates the deployment and then kills the connection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { ScalingoClient } from '../../src/scalingo/client.ts';
import type { Deployment } from '../../src/scalingo/types.ts';
import { fakeJwt, json, startFakeApi, type FakeApi } from './fake-api.ts';

let api: FakeApi;
let deployments: Deployment[];

function deployment(gitRef: string, createdAt: Date): Deployment {
  return {
    id: `d-${deployments.length + 1}`,
    app_id: 'app-1',
    created_at: createdAt.toISOString(),
    finished_at: null,
    status: 'queued',
    git_ref: gitRef,
  };
}

function client(): ScalingoClient {
  return new ScalingoClient({
    apiToken: 'tk-us-x',
    apiUrl: api.url,
    authUrl: api.url,
    dbApiUrl: api.url,
    logger: new MemoryLogger(),
    retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
}

function posts(): number {
  return api.received.filter((r) => r.method === 'POST' && r.path === '/v1/apps/my-app/deployments').length;
}

beforeEach(async () => {
  api = await startFakeApi();
  deployments = [];
  api.on('POST /v1/tokens/exchange', (_req, res) => json(res, 200, { token: fakeJwt(3600) }));
  api.on('GET /v1/apps/my-app/deployments', (_req, res) => json(res, 200, { deployments: [...deployments].reverse() }));
});

afterEach(async () => {
  await api.close();
});

describe('deployment create after a lost response', () => {
  it('adopts the deployment the lost POST created instead of posting again', async () => {
    api.on('POST /v1/apps/my-app/deployments', (req, res) => {
      const { git_ref } = (JSON.parse(req.body) as { deployment: { git_ref: string } }).deployment;
      deployments.push(deployment(git_ref, new Date()));
      res.socket?.destroy();
    });
    const created = await client().deployments.create('my-app', {
      sourceUrl: 'https://example.com/a.tar.gz',
      gitRef: 'abc123',
    });
    expect(created.id).toBe('d-1');
    expect(posts()).toBe(1);
    expect(deployments).toHaveLength(1);
  });

  it('adopts the deployment after the POST timed out while Scalingo was still answering', async () => {
    api.on('POST /v1/apps/my-app/deployments', (req) => {
      const { git_ref } = (JSON.parse(req.body) as { deployment: { git_ref: string } }).deployment;
      deployments.push(deployment(git_ref, new Date()));
      // Never answers: the client's request timeout fires.
    });
    const c = new ScalingoClient({
      apiToken: 'tk-us-x',
      apiUrl: api.url,
      authUrl: api.url,
      dbApiUrl: api.url,
      logger: new MemoryLogger(),
      retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 },
      requestTimeoutMs: 100,
    });
    const created = await c.deployments.create('my-app', {
      sourceUrl: 'https://example.com/a.tar.gz',
      gitRef: 'abc123',
    });
    expect(created.id).toBe('d-1');
    expect(posts()).toBe(1);
  });

  it('does not adopt an older deployment of the same git_ref, and posts again', async () => {
    deployments.push(deployment('abc123', new Date(Date.now() - 3_600_000)));
    let calls = 0;
    api.on('POST /v1/apps/my-app/deployments', (req, res) => {
      if (calls++ === 0) return void res.socket?.destroy();
      const { git_ref } = (JSON.parse(req.body) as { deployment: { git_ref: string } }).deployment;
      const d = deployment(git_ref, new Date());
      deployments.push(d);
      json(res, 201, { deployment: d });
    });
    const created = await client().deployments.create('my-app', {
      sourceUrl: 'https://example.com/a.tar.gz',
      gitRef: 'abc123',
    });
    expect(created.id).toBe('d-2');
    expect(posts()).toBe(2);
  });

  it('does not adopt a new deployment of another git_ref', async () => {
    let calls = 0;
    api.on('POST /v1/apps/my-app/deployments', (req, res) => {
      if (calls++ === 0) {
        deployments.push(deployment('someone-else', new Date()));
        return void res.socket?.destroy();
      }
      const { git_ref } = (JSON.parse(req.body) as { deployment: { git_ref: string } }).deployment;
      const d = deployment(git_ref, new Date());
      deployments.push(d);
      json(res, 200, { deployment: d });
    });
    const created = await client().deployments.create('my-app', {
      sourceUrl: 'https://example.com/a.tar.gz',
      gitRef: 'abc123',
    });
    expect(created).toMatchObject({ id: 'd-2', git_ref: 'abc123' });
  });

  it('gives up after the configured attempts with a network error', async () => {
    api.on('POST /v1/apps/my-app/deployments', (_req, res) => void res.socket?.destroy());
    const error = await client()
      .deployments.create('my-app', { sourceUrl: 'https://example.com/a.tar.gz', gitRef: 'abc123' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', userFacing: true });
    expect(posts()).toBe(4);
  });
});

describe('deployment output', () => {
  it('follows links.output on the API host, and never sends the JWT elsewhere', async () => {
    api.on('GET /v1/apps/app-1/deployments/d-9/output', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('-----> Building\n');
    });
    api.on('GET /v1/apps/my-app/deployments/d-9/output', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('fallback\n');
    });
    const base: Deployment = {
      id: 'd-9',
      app_id: 'app-1',
      created_at: '',
      finished_at: null,
      status: 'success',
      git_ref: 'x',
    };
    const c = client();
    expect(
      await c.deployments.output('my-app', {
        ...base,
        links: { output: `${api.url}/v1/apps/app-1/deployments/d-9/output` },
      }),
    ).toBe('-----> Building\n');
    expect(
      await c.deployments.output('my-app', {
        ...base,
        links: { output: 'https://elsewhere.example/v1/apps/app-1/deployments/d-9/output' },
      }),
    ).toBe('fallback\n');
    expect(await c.deployments.output('my-app', 'd-9')).toBe('fallback\n');
  });

  it('returns an empty log when there is none yet (404)', async () => {
    api.on('GET /v1/apps/my-app/deployments/d-9/output', (_req, res) =>
      json(res, 404, { resource: 'deployment', error: 'no log' }),
    );
    expect(await client().deployments.output('my-app', 'd-9')).toBe('');
  });
});
