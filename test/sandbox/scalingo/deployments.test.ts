import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSandbox, type Sandbox } from '../../../sandbox/scalingo/index.ts';
import { call, exchange, makeArchive, until, upload } from './test-helpers.ts';

let sandbox: Sandbox;
let jwt: string;

beforeEach(async () => {
  sandbox = await startSandbox({ phaseMs: 20 });
  sandbox.createApp('my-app', { variables: { GREETING: 'bonjour', ALIAS: '$GREETING' } });
  jwt = await exchange(sandbox);
});
afterEach(async () => {
  await sandbox.close();
});

async function deploy(archive: string, gitRef = 'abc123'): Promise<string> {
  const sourceUrl = await upload(sandbox, jwt, readFileSync(archive));
  const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/deployments', {
    deployment: { source_url: sourceUrl, git_ref: gitRef },
  });
  expect(res.status).toBe(201);
  expect(res.body.deployment.status).toBe('queued');
  return res.body.deployment.id as string;
}

async function finished(id: string): Promise<any> {
  return until(async () => {
    const res = await call(sandbox, jwt, 'GET', `/v1/apps/my-app/deployments/${id}?`);
    return ['queued', 'building', 'pushing', 'starting'].includes(res.body.deployment.status)
      ? undefined
      : res.body.deployment;
  });
}

describe('deployments', () => {
  it('unpacks the archive, runs the postdeploy hook with the app variables and ends in success', async () => {
    const archive = makeArchive({
      Procfile: 'web: ./server\npostdeploy: echo "migrating as $GREETING $ALIAS on $PORT" && echo done > marker\n',
      'index.html': 'hi',
    });
    const id = await deploy(archive, 'v1.2.3');
    const d = await finished(id);
    expect(d).toMatchObject({ status: 'success', git_ref: 'v1.2.3', app_id: sandbox.app('my-app').id });
    expect(d.finished_at).toEqual(expect.any(String));
    const release = sandbox.releaseDir('my-app');
    expect(release).toBeDefined();
    expect(readFileSync(join(release ?? '', 'marker'), 'utf8')).toBe('done\n');
    const output = await fetch(d.links.output, { headers: { Authorization: `Bearer ${jwt}` } });
    expect(output.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await output.text()).toContain('migrating as bonjour bonjour on 5000');
    const app = await call(sandbox, jwt, 'GET', '/v1/apps/my-app');
    expect(app.body.app).toMatchObject({ last_deployment_id: id, status: 'running', url: `${sandbox.url}/web/my-app` });
  });

  it('ends in hook-error when the postdeploy command exits non-zero', async () => {
    const id = await deploy(makeArchive({ Procfile: 'postdeploy: echo boom >&2; exit 3\n' }));
    const d = await finished(id);
    expect(d.status).toBe('hook-error');
    expect(sandbox.releaseDir('my-app')).toBeUndefined();
    const log = sandbox.app('my-app').deployments[0]?.log.join('\n');
    expect(log).toContain('boom');
    expect(log).toContain('exit code 3');
  });

  it('kills a postdeploy hook that runs too long and ends in hook-error', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ phaseMs: 20, hookTimeoutMs: 300 });
    sandbox.createApp('my-app');
    jwt = await exchange(sandbox);
    const d = await finished(await deploy(makeArchive({ Procfile: 'postdeploy: sleep 20\n' })));
    expect(d.status).toBe('hook-error');
    expect(sandbox.app('my-app').deployments[0]?.log.join('\n')).toMatch(/exceeded 300 ms, killed/);
  });

  it.each([
    ['two root entries', { 'a/x': '1', 'b.txt': 'loose file' }],
    ['a lone file at its root', { 'only.txt': 'x' }],
    ['two root directories', { 'a/x': '1', 'b/y': '2' }],
  ])('refuses an archive with %s (build-error)', async (_name, files) => {
    const archive = makeArchive(files, '');
    const d = await finished(await deploy(archive));
    expect(d.status).toBe('build-error');
    expect(sandbox.app('my-app').deployments[0]?.log.join('\n')).toMatch(/exactly one root directory/);
  });

  it('fails the build when the source is not a gzip tar', async () => {
    const sourceUrl = await upload(sandbox, jwt, Buffer.from('not an archive'));
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/deployments', {
      deployment: { source_url: sourceUrl, git_ref: 'x' },
    });
    const d = await finished(res.body.deployment.id);
    expect(d.status).toBe('build-error');
    expect(sandbox.app('my-app').deployments[0]?.log.join('\n')).toMatch(/not a gzip-compressed tar/);
  });

  it.each(['build-error', 'crashed-error', 'timeout-error', 'aborted', 'some-future-error'])(
    'a scenario forces %s with its log lines',
    async (status) => {
      sandbox.deploymentScenario('my-app', { status, logLines: [`!     forced ${status}`] });
      const first = await finished(await deploy(makeArchive({ 'a.txt': '1' })));
      expect(first.status).toBe(status);
      expect(sandbox.app('my-app').deployments[0]?.log).toContain(`!     forced ${status}`);
      const second = await finished(await deploy(makeArchive({ 'a.txt': '1' })));
      expect(second.status).toBe('success');
    },
  );

  it('lists newest first with pagination', async () => {
    const ids = [
      sandbox.startDeployment('my-app', { gitRef: 'r1' }),
      sandbox.startDeployment('my-app', { gitRef: 'r2' }),
      sandbox.startDeployment('my-app', { gitRef: 'r3' }),
    ];
    const page1 = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/deployments?page=1&per_page=2');
    expect(page1.body.deployments.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
    expect(page1.body.meta.pagination).toMatchObject({
      current_page: 1,
      prev_page: null,
      next_page: 2,
      total_pages: 2,
      total_count: 3,
    });
    const page2 = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/deployments?page=2&per_page=2');
    expect(page2.body.deployments.map((d: { id: string }) => d.id)).toEqual([ids[0]]);
    expect(page2.body.meta.pagination).toMatchObject({ current_page: 2, prev_page: 1, next_page: null });
  });

  it('keeps a second deployment queued while the first one runs', async () => {
    const first = sandbox.startDeployment('my-app', { gitRef: 'long', phaseMs: 300 });
    const second = sandbox.startDeployment('my-app', { gitRef: 'next' });
    await until(() => (sandbox.app('my-app').deployments[0]?.status === 'pushing' ? true : undefined));
    expect(sandbox.app('my-app').deployments[1]?.status).toBe('queued');
    await finished(second);
    expect(sandbox.app('my-app').deployments.map((d) => d.id)).toEqual([first, second]);
    expect(sandbox.app('my-app').deployments.every((d) => d.status === 'success')).toBe(true);
  });

  it('fetches a source_url from any http server, following redirects', async () => {
    const archive = readFileSync(makeArchive({ Procfile: 'postdeploy: true\n' }));
    const { createServer } = await import('node:http');
    const other = createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { Location: '/archive.tar.gz' });
        res.end();
      } else res.end(archive);
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as { port: number }).port;
    try {
      const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/deployments', {
        deployment: { source_url: `http://127.0.0.1:${port}/redirect`, git_ref: 'sha' },
      });
      expect((await finished(res.body.deployment.id)).status).toBe('success');
    } finally {
      other.close();
    }
  });
});

describe('deployment stream', () => {
  function open(token: string): { frames: any[]; closed: Promise<number>; ws: WebSocket } {
    const ws = new WebSocket(`${sandbox.url.replace('http', 'ws')}/apps/my-app`);
    const frames: any[] = [];
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', data: { token } })));
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => {});
    return { frames, closed, ws };
  }

  it('replays existing logs then streams new, log and status frames', async () => {
    const app = await call(sandbox, jwt, 'GET', '/v1/apps/my-app');
    expect(app.body.app.links.deployments_stream).toBe(`${sandbox.url.replace('http', 'ws')}/apps/my-app`);
    const old = sandbox.startDeployment('my-app', { gitRef: 'old' });
    await until(() => (sandbox.app('my-app').deployments[0]?.status === 'success' ? true : undefined));
    const stream = open(jwt);
    await until(() => (stream.frames.some((f) => f.type === 'status' && f.id === old) ? true : undefined));
    expect(stream.frames.filter((f) => f.id === old && f.type === 'log').length).toBe(
      sandbox.app('my-app').deployments[0]?.log.length,
    );
    const id = await deploy(makeArchive({ x: '1' }));
    await finished(id);
    await until(() =>
      stream.frames.some((f) => f.type === 'status' && f.id === id && f.data.status === 'success') ? true : undefined,
    );
    const mine = stream.frames.filter((f) => f.id === id || f.data?.deployment?.id === id);
    expect(mine[0]).toMatchObject({
      type: 'new',
      data: { deployment: { id, pusher: { username: expect.any(String) } } },
    });
    expect(mine.filter((f) => f.type === 'status').map((f) => f.data.status)).toEqual([
      'queued',
      'building',
      'pushing',
      'starting',
      'success',
    ]);
    expect(mine.filter((f) => f.type === 'log').map((f) => f.data.content)).toEqual(
      sandbox.app('my-app').deployments[1]?.log,
    );
    stream.ws.close();
  });

  it('sends ping frames with a numeric timestamp', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ phaseMs: 20, streamPingMs: 30 });
    sandbox.createApp('my-app');
    jwt = await exchange(sandbox);
    const stream = open(jwt);
    const ping = await until(() => stream.frames.find((f) => f.type === 'ping'));
    expect(ping.data.ts).toEqual(expect.any(Number));
    stream.ws.close();
  });

  it('closes the socket on a bad token without sending anything', async () => {
    const stream = open('not-a-jwt');
    expect(await stream.closed).toBe(4001);
    expect(stream.frames).toEqual([]);
  });

  it('drops streams on demand and after N frames', async () => {
    sandbox.startDeployment('my-app', { gitRef: 'a' });
    const first = open(jwt);
    await until(() => (first.frames.length > 0 ? true : undefined));
    sandbox.dropStreams('my-app');
    expect(await first.closed).toBe(1006);
    sandbox.dropStreamAfterFrames('my-app', 2);
    const second = open(jwt);
    expect(await second.closed).toBe(1006);
    expect(second.frames).toHaveLength(2);
  });
});
