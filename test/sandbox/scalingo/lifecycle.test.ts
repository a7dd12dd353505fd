import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSandbox, type Sandbox } from '../../../sandbox/scalingo/index.ts';
import { attach, call, exchange, scratchDir, until, upload } from './test-helpers.ts';

let sandbox: Sandbox;
let jwt: string;

beforeEach(async () => {
  sandbox = await startSandbox({ phaseMs: 20 });
  sandbox.createApp('my-app');
  jwt = await exchange(sandbox);
});
afterEach(async () => {
  await sandbox.close();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('sandbox lifecycle and edges', () => {
  it('deploys a `git archive` tarball (pax header + one prefix directory), as GitHub serves them', async () => {
    const repo = join(scratchDir('git'), 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, ...args], {
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.invalid',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.invalid',
        },
      });
    git('init', '-q');
    writeFileSync(join(repo, 'Procfile'), 'postdeploy: test -f Procfile\n');
    git('add', '.');
    git('commit', '-qm', 'init');
    const archive = join(repo, '..', `${repo.split('/').pop()}.tar.gz`);
    git('archive', '--format=tar.gz', '--prefix=acme-shop-0123abc/', '-o', archive, 'HEAD');
    const sourceUrl = await upload(sandbox, jwt, readFileSync(archive));
    await call(sandbox, jwt, 'POST', '/v1/apps/my-app/deployments', {
      deployment: { source_url: sourceUrl, git_ref: 'HEAD' },
    });
    const status = await until(() => {
      const s = sandbox.app('my-app').deployments[0]?.status;
      return s && !['queued', 'building', 'pushing', 'starting'].includes(s) ? s : undefined;
    });
    expect(status).toBe('success');
    expect(sandbox.releaseDir('my-app')).toMatch(/acme-shop-0123abc$/);
  });

  it('kills running one-off processes on close', async () => {
    const run = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/run', { command: 'sleep 30', detached: true });
    expect(run.status).toBe(200);
    const pid = await until(() => sandbox.app('my-app').oneOffs[0]?.process?.pid);
    expect(isAlive(pid)).toBe(true);
    await sandbox.close();
    await until(() => (isAlive(pid) ? undefined : true), 5000);
    sandbox = await startSandbox(); // for afterEach
  });

  it('closes while a one-off is attached: the attach socket ends and close() returns', async () => {
    const run = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/run', { command: 'echo started; sleep 30' });
    const op = await until(async () => {
      const o = (await call(sandbox, jwt, 'GET', `/v1/apps/my-app/operations/${run.body.operation}`)).body.operation;
      return o.status === 'done' ? o : undefined;
    });
    const session = attach(op.start_one_off_data.attach_url, jwt);
    await until(() => (sandbox.app('my-app').oneOffs[0]?.output === 'started\n' ? true : undefined));
    await sandbox.close();
    expect((await session).output).toBe('started\n');
    sandbox = await startSandbox(); // for afterEach
  });

  it.each([
    ['refused with a status', { status: 503 }, 'Unexpected server response: 503'],
    ['dropped', { drop: true }, 'socket hang up'],
  ])('applies faults to the deployment stream upgrade (%s)', async (_name, rule, message) => {
    sandbox.fault({ path: '/apps/my-app', ...rule });
    const ws = new WebSocket(`${sandbox.url.replace('http', 'ws')}/apps/my-app`);
    const error = await new Promise<Error>((resolve) => ws.on('error', resolve));
    expect(error.message).toContain(message);
    expect(sandbox.journal.at(-1)).toMatchObject({ path: '/apps/my-app', fault: true });
  });

  it('applies faults to the one-off CONNECT', async () => {
    const run = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/run', { command: 'echo hi' });
    const op = await until(async () => {
      const o = (await call(sandbox, jwt, 'GET', `/v1/apps/my-app/operations/${run.body.operation}`)).body.operation;
      return o.status === 'done' ? o : undefined;
    });
    sandbox.fault({ method: 'CONNECT', path: /\/one-off\/attach\//, status: 503 });
    expect((await attach(op.start_one_off_data.attach_url, jwt)).head).toMatch(/^HTTP\/1.1 503/);
    expect(sandbox.app('my-app').oneOffs[0]?.state).toBe('booting');
    expect((await attach(op.start_one_off_data.attach_url, jwt)).output).toBe('hi\n');
  });

  it('serves the app logs through the signed logs URL, with one-off output', async () => {
    const run = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/run', {
      command: 'echo from-one-off',
      detached: true,
    });
    expect(run.status).toBe(200);
    await until(() => (sandbox.app('my-app').oneOffs[0]?.exitCode === 0 ? true : undefined));
    const { logs_url: logsUrl } = (await call(sandbox, jwt, 'GET', '/v1/apps/my-app/logs')).body;
    const res = await fetch(`${logsUrl}&n=10&filter=one-off`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/UTC \[one-off-1\] from-one-off\n$/);
    expect((await fetch(logsUrl.replace(/token=.*/, 'token=bad'))).status).toBe(401);
  });
});
