import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/scalingo/index.ts';
import { attach, basicCall, call, exchange, makeArchive, until, upload } from './test-helpers.ts';

let sandbox: Sandbox;
let jwt: string;

beforeEach(async () => {
  sandbox = await startSandbox({ phaseMs: 20 });
  sandbox.createApp('my-app', { variables: { DATABASE_NAME: 'shop' } });
  jwt = await exchange(sandbox);
});
afterEach(async () => {
  await sandbox.close();
});

async function start(
  command: string,
  env: Record<string, string> = {},
): Promise<{ attachUrl: string; containerId: string; op: any }> {
  const run = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/run', {
    command,
    env,
    size: 'M',
    detached: false,
    has_uploads: false,
  });
  expect(run.status).toBe(200);
  expect(run.body.container).toMatchObject({
    type: 'one-off',
    state: 'booting',
    label: expect.stringMatching(/^one-off-\d+$/),
  });
  const opPath = new URL(run.body.operation_url).pathname;
  expect(opPath.split('/').pop()).toBe(run.body.operation);
  const op = await until(async () => {
    const res = await call(sandbox, jwt, 'GET', opPath);
    return ['done', 'error'].includes(res.body.operation.status) ? res.body.operation : undefined;
  });
  return { attachUrl: op.start_one_off_data?.attach_url, containerId: run.body.container.id, op };
}

describe('one-off containers', () => {
  it.each([
    ['exit 0', 'echo hello', 0, 'hello\n'],
    ['exit 3', 'echo failing >&2; exit 3', 3, 'failing\n'],
    ['app variables and request env', 'echo "$DATABASE_NAME $EXTRA $PORT"', 0, 'shop more 5000\n'],
  ])(
    'runs the command only once attached (%s) and reports the real exit code',
    async (_name, command, code, output) => {
      const { attachUrl, op } = await start(command, { EXTRA: 'more' });
      expect(op).toMatchObject({ status: 'done', type: 'start-one-off' });
      expect(sandbox.app('my-app').oneOffs[0]?.state).toBe('booting');
      const session = await attach(attachUrl, jwt);
      expect(session.head).toBe('HTTP/1.1 200 OK');
      expect(session.output).toBe(output);
      expect(await basicCall(`${attachUrl}/wait`, jwt)).toEqual({ status: 200, body: { exit_code: code } });
    },
  );

  it('runs in the unpacked release and accepts a path-form CONNECT target', async () => {
    const sourceUrl = await upload(sandbox, jwt, readFileSync(makeArchive({ 'manage.py': 'print' })));
    await call(sandbox, jwt, 'POST', '/v1/apps/my-app/deployments', {
      deployment: { source_url: sourceUrl, git_ref: 'sha' },
    });
    await until(() => (sandbox.releaseDir('my-app') ? true : undefined));
    const { attachUrl } = await start('ls');
    const session = await attach(attachUrl, jwt, { target: 'path' });
    expect(session.output).toBe('manage.py\n');
  });

  it('pipes socket input to stdin; 0x04 ends it', async () => {
    const { attachUrl } = await start('cat; echo end');
    const session = await attach(attachUrl, jwt, { input: 'typed\n\u0004' });
    expect(session.output).toBe('typed\nend\n');
  });

  it('sends TTY line endings when asked, as the real attach does', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ phaseMs: 20, oneOffTty: true });
    sandbox.createApp('my-app');
    jwt = await exchange(sandbox);
    const { attachUrl } = await start("printf 'a\\nb\\r\\nc\\n'");
    expect((await attach(attachUrl, jwt)).output).toBe('a\r\nb\r\nc\r\n');
    expect(sandbox.app('my-app').oneOffs[0]?.output).toBe('a\nb\r\nc\n');
  });

  it('refuses an attach without a valid JWT and does not start the command', async () => {
    const { attachUrl } = await start('echo never');
    expect((await attach(attachUrl, null)).head).toMatch(/^HTTP\/1.1 401/);
    expect((await attach(attachUrl, 'bad.jwt.token')).head).toMatch(/^HTTP\/1.1 401/);
    expect(sandbox.app('my-app').oneOffs[0]?.state).toBe('booting');
  });

  it('ends the operation in error by scenario', async () => {
    sandbox.oneOffScenario('my-app', { operationError: 'no capacity for one-off containers' });
    const { op } = await start('true');
    expect(op).toMatchObject({ status: 'error', error: 'no capacity for one-off containers' });
    expect(op.start_one_off_data).toBeUndefined();
  });

  it('answers 408 on /wait by scenario', async () => {
    sandbox.oneOffScenario('my-app', { waitStatus: 408 });
    const { attachUrl } = await start('true');
    await attach(attachUrl, jwt);
    expect((await basicCall(`${attachUrl}/wait`, jwt)).status).toBe(408);
  });

  it('cuts the socket after N bytes while the process goes on to its exit code', async () => {
    sandbox.oneOffScenario('my-app', { cutAfterBytes: 5 });
    const { attachUrl } = await start('printf 0123456789; sleep 0.1; exit 4');
    const session = await attach(attachUrl, jwt);
    expect(session.output).toBe('01234');
    expect((await basicCall(`${attachUrl}/wait`, jwt)).body).toEqual({ exit_code: 4 });
    expect(sandbox.app('my-app').oneOffs[0]?.output).toBe('0123456789');
  });

  it('runs a detached one-off at once and stops a container on request', async () => {
    const run = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/run', { command: 'sleep 30', detached: true });
    await until(() => (sandbox.app('my-app').oneOffs[0]?.state === 'running' ? true : undefined));
    const stop = await call(sandbox, jwt, 'POST', `/v1/apps/my-app/containers/${run.body.container.id}/stop`, {});
    expect(stop.status).toBe(202);
    expect(await sandbox.app('my-app').oneOffs[0]?.exited).toBe(137);
  });

  it('refuses a blank command with 422', async () => {
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/run', { command: ' ' });
    expect(res).toMatchObject({ status: 422, body: { errors: { command: ["can't be blank"] } } });
  });
});
