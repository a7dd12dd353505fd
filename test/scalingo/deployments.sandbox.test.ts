import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDeploymentFinished, type Deployment, type DeploymentEvent } from '../../src/scalingo/types.ts';
import { expectNoSecretLeaked, makeArchive, startHarness, type Harness } from './sandbox-client.ts';

let h: Harness;

async function uploadedSource(): Promise<string> {
  const archive = makeArchive({ Procfile: 'web: echo hi\n', README: 'hello\n' });
  const source = await h.client.sources.create();
  await h.client.sources.upload(source, archive);
  return source.download_url;
}

async function waitFinished(id: string): Promise<Deployment> {
  for (;;) {
    const deployment = await h.client.deployments.get('my-app', id);
    if (isDeploymentFinished(deployment.status)) return deployment;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function deploymentPosts(): number {
  return h.sandbox.journal.filter((e) => e.method === 'POST' && e.path === '/v1/apps/my-app/deployments').length;
}

beforeEach(async () => {
  h = await startHarness();
  h.sandbox.createApp('my-app');
});

afterEach(async () => {
  await h.sandbox.close();
});

describe('deployments', () => {
  it('creates a deployment from an uploaded source, reads it, lists it newest first and reads its output', async () => {
    const sourceUrl = await uploadedSource();
    const first = await h.client.deployments.create('my-app', { sourceUrl, gitRef: 'aaa111' });
    expect(first).toMatchObject({ git_ref: 'aaa111', status: 'queued' });
    expect(await waitFinished(first.id)).toMatchObject({ status: 'success' });
    const second = await h.client.deployments.create('my-app', { sourceUrl, gitRef: 'bbb222' });
    const { deployments, pagination } = await h.client.deployments.list('my-app');
    expect(deployments.map((d) => d.id)).toEqual([second.id, first.id]);
    expect(pagination?.total_count).toBe(2);
    const post = h.sandbox.journal.find((e) => e.method === 'POST' && e.path === '/v1/apps/my-app/deployments');
    expect(post?.body).toEqual({ deployment: { source_url: sourceUrl, git_ref: 'aaa111' } });
    const done = await h.client.deployments.get('my-app', first.id);
    expect(await h.client.deployments.output('my-app', done)).toBe(
      h.sandbox
        .app('my-app')
        .deployments.find((d) => d.id === first.id)!
        .log.map((l) => `${l}\n`)
        .join(''),
    );
    expectNoSecretLeaked(h, [sourceUrl]);
  });

  it('sends the archive with its exact length, its type and no Authorization', async () => {
    const archive = makeArchive({ 'index.html': 'x'.repeat(50_000) });
    const source = await h.client.sources.create();
    await h.client.sources.upload(source, archive);
    const put = h.sandbox.journal.find((e) => e.method === 'PUT');
    expect(put).toMatchObject({ status: 200, auth: 'none' });
    expect(put!.headers['content-length']).toBe(String(statSync(archive).size));
    expect(put!.headers['content-type']).toBe('application/x-gzip');
    expectNoSecretLeaked(h, [source.upload_url, source.download_url]);
  });

  it('creates exactly one deployment when the first POST is dropped before Scalingo saw it', async () => {
    h.sandbox.fault({ method: 'POST', path: '/v1/apps/my-app/deployments', drop: true });
    const deployment = await h.client.deployments.create('my-app', {
      sourceUrl: await uploadedSource(),
      gitRef: 'ccc333',
    });
    expect(deploymentPosts()).toBe(2);
    expect(h.sandbox.app('my-app').deployments.map((d) => d.id)).toEqual([deployment.id]);
    // It looked before posting again.
    const lists = h.sandbox.journal.filter((e) => e.method === 'GET' && e.path === '/v1/apps/my-app/deployments');
    expect(lists.length).toBeGreaterThanOrEqual(1);
  });

  it.each([429, 502, 503])('creates exactly one deployment after a %i on POST', async (status) => {
    h.sandbox.fault({ method: 'POST', path: '/v1/apps/my-app/deployments', status });
    await h.client.deployments.create('my-app', { sourceUrl: await uploadedSource(), gitRef: 'ddd444' });
    expect(deploymentPosts()).toBe(2);
    expect(h.sandbox.app('my-app').deployments).toHaveLength(1);
    // A 429 was refused before it ran: posted again without looking; after a 5xx it looked first.
    const lists = h.sandbox.journal.filter((e) => e.method === 'GET' && e.path === '/v1/apps/my-app/deployments');
    expect(lists).toHaveLength(status === 429 ? 0 : 1);
  });

  it('posts a deployment again after as many 429s as the rate limit keeps answering, and never lists', async () => {
    h.sandbox.fault({ method: 'POST', path: '/v1/apps/my-app/deployments', status: 429, times: 4 });
    await h.client.deployments.create('my-app', { sourceUrl: await uploadedSource(), gitRef: 'fff666' });
    expect(deploymentPosts()).toBe(5);
    expect(h.sandbox.app('my-app').deployments).toHaveLength(1);
    expect(h.sandbox.journal.filter((e) => e.method === 'GET')).toEqual([]);
  });

  it('fails with the validation message and does not post again after a 422', async () => {
    h.sandbox.fault({
      method: 'POST',
      path: '/v1/apps/my-app/deployments',
      status: 422,
      body: '{"errors":{"source_url":["is not a valid URL"]}}',
    });
    const error = await h.client.deployments
      .create('my-app', { sourceUrl: 'nope', gitRef: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'validation',
      message: "Scalingo rejected the request to create a deployment of 'my-app': source_url: is not a valid URL.",
    });
    expect(deploymentPosts()).toBe(1);
  });

  it.each([
    ['a 503', { status: 503 }],
    ['a 429', { status: 429 }],
    ['a dropped connection', { drop: true }],
  ])('retries GET deployments after %s', async (_name, fault) => {
    const id = h.sandbox.startDeployment('my-app', { gitRef: 'eee555' });
    h.sandbox.fault({ method: 'GET', path: `/v1/apps/my-app/deployments/${id}`, times: 2, ...fault });
    expect(await h.client.deployments.get('my-app', id)).toMatchObject({ id, git_ref: 'eee555' });
    expect(h.sandbox.journal.filter((e) => e.path === `/v1/apps/my-app/deployments/${id}`)).toHaveLength(3);
  });

  it('renews the session after a 401 and replays the call', async () => {
    await h.client.apps.get('my-app');
    h.sandbox.fault({ method: 'GET', path: '/v1/apps/my-app', status: 401 });
    expect(await h.client.apps.get('my-app')).toMatchObject({ name: 'my-app' });
    expect(h.sandbox.journal.filter((e) => e.path === '/v1/tokens/exchange')).toHaveLength(2);
    expectNoSecretLeaked(h);
  });

  it('exchanges the token again when the JWT is about to expire, not before every request', async () => {
    await h.sandbox.close();
    h = await startHarness({ jwtLifetimeSeconds: 2 });
    h.sandbox.createApp('my-app');
    await h.client.apps.get('my-app');
    await h.client.apps.get('my-app');
    expect(h.sandbox.journal.filter((e) => e.path === '/v1/tokens/exchange')).toHaveLength(1);
    await new Promise((done) => setTimeout(done, 1500));
    await h.client.apps.get('my-app');
    expect(h.sandbox.journal.filter((e) => e.path === '/v1/tokens/exchange')).toHaveLength(2);
    expect(h.sandbox.journal.filter((e) => e.path === '/v1/apps/my-app').map((e) => e.status)).toEqual([200, 200, 200]);
    expectNoSecretLeaked(h);
  });
});

describe('deployment stream', () => {
  function collect(): {
    events: DeploymentEvent[];
    disconnects: string[];
    until: (p: (e: DeploymentEvent[]) => boolean) => Promise<void>;
  } {
    const events: DeploymentEvent[] = [];
    const disconnects: string[] = [];
    return {
      events,
      disconnects,
      until: async (p) => {
        while (!p(events)) await new Promise((r) => setTimeout(r, 10));
      },
    };
  }

  it('authenticates with the auth frame and delivers new, log and status events', async () => {
    const app = await h.client.apps.get('my-app');
    const c = collect();
    const stream = h.client.deploymentStream.open(app.links.deployments_stream!, { onEvent: (e) => c.events.push(e) });
    // The `new` frame is live only (never replayed): start once the socket is authenticated.
    while (!h.sandbox.journal.some((e) => e.path === '/apps/my-app' && e.status === 101))
      await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    const id = h.sandbox.startDeployment('my-app', { gitRef: 'fff666' });
    await c.until((events) =>
      events.some((e) => e.type === 'status' && e.deploymentId === id && e.status === 'success'),
    );
    stream.close();
    expect(c.events.find((e) => e.type === 'new')).toEqual({ type: 'new', deploymentId: id });
    const statuses = c.events
      .filter((e) => e.type === 'status' && e.deploymentId === id)
      .map((e) => (e as { status: string }).status);
    expect(statuses.at(-1)).toBe('success');
    expect(statuses).toEqual(expect.arrayContaining(['building', 'pushing', 'starting']));
    expect(c.events.some((e) => e.type === 'log' && e.deploymentId === id)).toBe(true);
    const upgrade = h.sandbox.journal.find((e) => e.path === '/apps/my-app');
    expect(upgrade).toMatchObject({ status: 101 });
    expect(upgrade!.headers.origin).toBe('http://scalingo-cli.local/1');
    expectNoSecretLeaked(h);
  });

  it('reconnects after a drop with a fresh auth frame, until closed', async () => {
    const app = await h.client.apps.get('my-app');
    const c = collect();
    const stream = h.client.deploymentStream.open(app.links.deployments_stream!, {
      onEvent: (e) => c.events.push(e),
      onDisconnect: (reason) => c.disconnects.push(reason),
    });
    const id = h.sandbox.startDeployment('my-app', { gitRef: 'ggg777', phaseMs: 150 });
    await c.until((events) => events.some((e) => e.type === 'status' && e.deploymentId === id));
    h.sandbox.dropStreams('my-app');
    await c.until((events) =>
      events.some((e) => e.type === 'status' && e.deploymentId === id && e.status === 'success'),
    );
    stream.close();
    expect(c.disconnects.length).toBeGreaterThanOrEqual(1);
    const upgrades = h.sandbox.journal.filter((e) => e.path === '/apps/my-app');
    expect(upgrades.length).toBeGreaterThanOrEqual(2);
    const count = upgrades.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(h.sandbox.journal.filter((e) => e.path === '/apps/my-app')).toHaveLength(count);
  });

  it('reconnects after a cut in the middle of the frames and still sees the end', async () => {
    const app = await h.client.apps.get('my-app');
    const c = collect();
    h.sandbox.dropStreamAfterFrames('my-app', 2);
    const id = h.sandbox.startDeployment('my-app', { gitRef: 'iii999', phaseMs: 60 });
    const stream = h.client.deploymentStream.open(app.links.deployments_stream!, {
      onEvent: (e) => c.events.push(e),
      onDisconnect: (reason) => c.disconnects.push(reason),
    });
    await c.until((events) =>
      events.some((e) => e.type === 'status' && e.deploymentId === id && e.status === 'success'),
    );
    stream.close();
    expect(c.disconnects).toHaveLength(1);
    expect(h.sandbox.journal.filter((e) => e.path === '/apps/my-app' && e.status === 101)).toHaveLength(2);
  });

  it('backs off while upgrades fail, exchanges the token again after two silent failures, then recovers', async () => {
    const app = await h.client.apps.get('my-app');
    h.sandbox.fault({ path: '/apps/my-app', status: 503, times: 3 });
    const c = collect();
    const stream = h.client.deploymentStream.open(app.links.deployments_stream!, {
      onEvent: (e) => c.events.push(e),
      onDisconnect: (reason) => c.disconnects.push(reason),
    });
    const id = h.sandbox.startDeployment('my-app', { gitRef: 'jjj000' });
    await c.until((events) =>
      events.some((e) => e.type === 'status' && e.deploymentId === id && e.status === 'success'),
    );
    stream.close();
    expect(c.disconnects).toHaveLength(3);
    expect(h.sandbox.journal.filter((e) => e.path === '/v1/tokens/exchange')).toHaveLength(2);
    expect(
      h.logger.lines
        .filter((l) => /Deployment stream dropped .* reconnecting in (\d+) ms/.test(l.message))
        .map((l) => Number(/in (\d+) ms/.exec(l.message)![1])),
    ).toEqual([20, 40, 80]);
  });

  it('keeps running when a handler throws', async () => {
    const app = await h.client.apps.get('my-app');
    const c = collect();
    const stream = h.client.deploymentStream.open(app.links.deployments_stream!, {
      onEvent: (e) => {
        c.events.push(e);
        throw new Error('handler bug');
      },
    });
    const id = h.sandbox.startDeployment('my-app', { gitRef: 'hhh888' });
    await c.until((events) =>
      events.some((e) => e.type === 'status' && e.deploymentId === id && e.status === 'success'),
    );
    stream.close();
    expect(h.logger.text()).toContain('handler bug');
  });
});
