// Operations the next actions need: running containers, autoscalers, restart (errors by scenario,
// the variables containers run with), variables in bulk, runtime logs, load realism.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/scalingo/index.ts';
import { call, exchange, makeArchive, until, upload } from './test-helpers.ts';

let sandbox: Sandbox;
let jwt: string;

async function start(options: SandboxOptions = {}): Promise<void> {
  sandbox = await startSandbox({ phaseMs: 10, ...options });
  sandbox.createApp('my-app', { variables: { A: '1', REF: '$A-x' } });
  jwt = await exchange(sandbox);
}

beforeEach(() => start());
afterEach(async () => {
  await sandbox.close();
});

async function settled(path: string): Promise<{ status: string; error: string | null }> {
  return until(async () => {
    const op = (await call(sandbox, jwt, 'GET', path)).body.operation;
    return op.status === 'done' || op.status === 'error' ? op : undefined;
  });
}

async function restart(): Promise<{ status: string; error: string | null }> {
  const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/restart', {});
  expect(res.status).toBe(202);
  return settled(new URL(res.headers.get('location') ?? '').pathname);
}

describe('containers and restart', () => {
  it('lists running containers (web after a deployment, one-offs while they run) and no autoscalers', async () => {
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/my-app/ps')).body.containers).toEqual([]);
    sandbox.startDeployment('my-app', { gitRef: 'v1' });
    await until(() => (sandbox.app('my-app').status === 'running' ? true : undefined));
    await call(sandbox, jwt, 'POST', '/v1/apps/my-app/run', { command: 'sleep 5', detached: true });
    await until(() => (sandbox.app('my-app').oneOffs[0]?.state === 'running' ? true : undefined));
    const ps = (await call(sandbox, jwt, 'GET', '/v1/apps/my-app/ps')).body.containers;
    expect(ps).toEqual([
      expect.objectContaining({ type: 'web', type_index: 1, label: 'web-1', state: 'running', deleted_at: null }),
      expect.objectContaining({ type: 'one-off', label: 'one-off-1', state: 'running', command: 'sleep 5' }),
    ]);
    expect(ps[0].container_size).toMatchObject({ name: 'M', memory: 536870912 });
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/my-app/ps')).body.containers[0].id).toBe(ps[0].id);
    await call(sandbox, jwt, 'POST', `/v1/apps/my-app/containers/${ps[1].id}/stop`, {});
    await until(async () =>
      (await call(sandbox, jwt, 'GET', '/v1/apps/my-app/ps')).body.containers.length === 1 ? true : undefined,
    );
    expect(await call(sandbox, jwt, 'GET', '/v1/apps/my-app/autoscalers')).toMatchObject({
      status: 200,
      body: { autoscalers: [] },
    });
  });

  it('records the variables containers run with at each restart and each successful deployment', async () => {
    expect(sandbox.app('my-app').runningVariables).toBeNull();
    sandbox.startDeployment('my-app', { gitRef: 'v1' });
    await until(() => sandbox.app('my-app').runningVariables ?? undefined);
    expect(sandbox.app('my-app').runningVariables).toEqual({ A: '1', REF: '1-x' });
    await call(sandbox, jwt, 'PUT', '/v1/apps/my-app/variables', { variables: [{ name: 'MAINTENANCE', value: 'on' }] });
    expect(sandbox.app('my-app').runningVariables?.MAINTENANCE).toBeUndefined();
    expect(await restart()).toMatchObject({ status: 'done' });
    expect(sandbox.app('my-app').runningVariables).toMatchObject({ MAINTENANCE: 'on' });
  });

  it('fails a restart by scenario: the operation ends in error with the message, variables unchanged', async () => {
    sandbox.restartScenario('my-app', { operationError: 'containers failed to restart' });
    expect(await restart()).toMatchObject({ status: 'error', error: 'containers failed to restart' });
    expect(sandbox.app('my-app').runningVariables).toBeNull();
    expect(await restart()).toMatchObject({ status: 'done' });
  });
});

describe('variables', () => {
  const ids = () => sandbox.app('my-app').variables.map((v) => v.id);

  it('bulk-upserts with the CLI\'s "id":"" and deletes in bulk by body, by query, one by one', async () => {
    const put = await call(sandbox, jwt, 'PUT', '/v1/apps/my-app/variables', {
      variables: [
        { id: '', name: 'B', value: '2' },
        { id: '', name: 'C', value: '3' },
        { id: '', name: 'D', value: '4' },
      ],
    });
    expect(put.status).toBe(200);
    const [b, c, d] = put.body.variables.map((v: { id: string }) => v.id);
    expect(
      await call(sandbox, jwt, 'PATCH', `/v1/apps/my-app/variables/${b}`, { variable: { value: '20' } }),
    ).toMatchObject({ status: 200, body: { variable: { name: 'B', value: '20' } } });
    expect((await call(sandbox, jwt, 'DELETE', '/v1/apps/my-app/variables', { variable_ids: [b] })).status).toBe(204);
    expect((await call(sandbox, jwt, 'DELETE', `/v1/apps/my-app/variables?variable_ids[]=${c}`)).status).toBe(204);
    expect((await call(sandbox, jwt, 'DELETE', `/v1/apps/my-app/variables/${d}`)).status).toBe(204);
    expect(sandbox.app('my-app').variables.map((v) => v.name)).toEqual(['A', 'REF']);
    expect(ids()).toHaveLength(2);
  });

  it.each([
    ['a name starting with a digit', { name: '1A', value: 'v' }, 'name'],
    ['a name with a hyphen', { name: 'A-B', value: 'v' }, 'name'],
    ['a 65-character name', { name: `A${'B'.repeat(64)}`, value: 'v' }, 'name'],
    ['an 8193-character value', { name: 'BIG', value: 'x'.repeat(8193) }, 'value'],
  ])('refuses %s with 422, in bulk too, changing nothing', async (_name, variable, field) => {
    const single = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/variables', { variable });
    expect(single.status).toBe(422);
    expect(Object.keys(single.body.errors)).toEqual([field]);
    const bulk = await call(sandbox, jwt, 'PUT', '/v1/apps/my-app/variables', {
      variables: [{ name: 'FINE', value: 'ok' }, variable],
    });
    expect(bulk.status).toBe(422);
    expect(sandbox.app('my-app').variables.map((v) => v.name)).toEqual(['A', 'REF']);
  });

  it('accepts the limits: a 64-character name and an 8192-character value', async () => {
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/variables', {
      variable: { name: `A${'B'.repeat(63)}`, value: 'x'.repeat(8192) },
    });
    expect(res.status).toBe(201);
  });
});

describe('runtime logs', () => {
  async function logs(query: string): Promise<{ status: number; lines: string[] }> {
    const { logs_url: url } = (await call(sandbox, jwt, 'GET', '/v1/apps/my-app/logs')).body;
    const res = await fetch(`${url}${query}`);
    return { status: res.status, lines: (await res.text()).split('\n').filter(Boolean) };
  }

  it.each(['crashed-error', 'timeout-error'])(
    'appends runtimeLogLines as [web-1] lines when a deploy ends %s',
    async (status) => {
      sandbox.deploymentScenario('my-app', { status, runtimeLogLines: ['Booting', "KeyError: 'DATABASE_URL'"] });
      const sourceUrl = await upload(sandbox, jwt, readFileSync(makeArchive({ 'app.py': 'print(1)\n' })));
      await call(sandbox, jwt, 'POST', '/v1/apps/my-app/deployments', { deployment: { source_url: sourceUrl } });
      await until(() => (sandbox.app('my-app').deployments[0]?.status === status ? true : undefined));
      const { lines } = await logs('&n=100');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000 UTC \[web-1\] KeyError: 'DATABASE_URL'$/);
    },
  );

  it.each([
    ['&n=2', ['c', 'd']],
    ['&filter=web', ['a', 'c', 'd']],
    ['&filter=web-2', ['d']],
    ['&filter=one-off-1', ['b']],
    ['&filter=worker|one-off', ['b']],
    ['&filter=web&n=1', ['d']],
  ])('serves the logs URL with %s', async (query, messages) => {
    const { appLogLine } = await import('../../../sandbox/scalingo/state.ts');
    const app = sandbox.app('my-app');
    for (const [container, message] of [
      ['web-1', 'a'],
      ['one-off-1', 'b'],
      ['web-1', 'c'],
      ['web-2', 'd'],
    ] as const)
      appLogLine(app, container, message);
    const { lines } = await logs(query);
    expect(lines.map((l) => l.split('] ')[1])).toEqual(messages);
  });

  it('answers 204 when a filter matches nothing', async () => {
    expect((await logs('&filter=worker')).status).toBe(204);
  });
});

describe('load realism', () => {
  it('runs many deployments of many apps in parallel, each app one at a time', async () => {
    const sourceUrl = await upload(sandbox, jwt, readFileSync(makeArchive({ Procfile: 'postdeploy: true\n' })));
    const apps = Array.from({ length: 12 }, (_, i) => `parallel-app-${i}`);
    for (const app of apps) sandbox.createApp(app);
    const created = await Promise.all(
      apps.flatMap((app) =>
        [1, 2].map((n) =>
          call(sandbox, jwt, 'POST', `/v1/apps/${app}/deployments`, {
            deployment: { source_url: sourceUrl, git_ref: `v${n}` },
          }),
        ),
      ),
    );
    expect(created.every((res) => res.status === 201)).toBe(true);
    await until(() =>
      apps.every((app) => sandbox.app(app).deployments.every((d) => d.finishedAt)) ? true : undefined,
    );
    for (const app of apps) {
      const [first, second] = sandbox.app(app).deployments;
      expect([first?.status, second?.status]).toEqual(['success', 'success']);
      // One build slot per app: the second starts building only after the first ended.
      expect(Date.parse(second?.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first?.finishedAt ?? ''));
    }
  });

  it('delays the one-off start operation by oneOffStartMs, changeable at run time', async () => {
    await sandbox.close();
    await start({ oneOffStartMs: 300 });
    const timed = async () => {
      const begin = Date.now();
      const run = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/run', { command: 'true' });
      await settled(`/v1/apps/my-app/operations/${run.body.operation}`);
      return Date.now() - begin;
    };
    expect(await timed()).toBeGreaterThanOrEqual(300);
    sandbox.setOneOffStartMs(0);
    expect(await timed()).toBeLessThan(300);
  });

  it('limits each token per minute on the regional API: 429 "Retry later", no Retry-After, journaled', async () => {
    await sandbox.close();
    await start({ rateLimit: { perMinute: 3, windowMs: 400 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call(sandbox, jwt, 'GET', '/v1/apps/my-app')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/variables');
    expect(limited.text).toBe('Retry later');
    expect(limited.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(sandbox.journal.at(-1)).toMatchObject({ status: 429, rateLimited: true, path: '/v1/apps/my-app/variables' });
    // The auth host is another service: exchanging and reading the user still work.
    const other = await exchange(sandbox);
    expect((await call(sandbox, other, 'GET', '/v1/users/self')).status).toBe(200);
    // A JWT exchanged from the same token shares the count.
    expect((await call(sandbox, other, 'GET', '/v1/apps')).status).toBe(429);
    await new Promise((r) => setTimeout(r, 450));
    expect((await call(sandbox, jwt, 'GET', '/v1/apps')).status).toBe(200);
    sandbox.setRateLimit(null);
    for (let i = 0; i < 5; i += 1) expect((await call(sandbox, jwt, 'GET', '/v1/apps')).status).toBe(200);
  });
});
