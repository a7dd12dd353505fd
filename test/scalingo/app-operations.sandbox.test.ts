// The client calls behind the variables action, maintenance and the runtime logs, against the
// sandbox: restart and wait, bulk delete, the signed logs URL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScalingoOperationError } from '../../src/scalingo/errors.ts';
import { appLogLine } from '../../sandbox/scalingo/state.ts';
import { expectNoSecretLeaked, startHarness, type Harness } from './sandbox-client.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.sandbox.createApp('my-app', { variables: { A: '1', B: '2', C: '3' } });
});
afterEach(async () => {
  await h.sandbox.close();
});

describe('apps.restartAndWait', () => {
  it('restarts, polls the operation until done, and the containers take the variables', async () => {
    await h.client.variables.upsert('my-app', [{ name: 'MAINTENANCE_ENABLE', value: '1' }]);
    const operation = await h.client.apps.restartAndWait('my-app', { timeoutMs: 5000 });
    expect(operation).toMatchObject({ status: 'done', type: 'restart' });
    expect(h.sandbox.app('my-app').runningVariables).toMatchObject({ MAINTENANCE_ENABLE: '1' });
  });

  it('throws the operation error with its message', async () => {
    h.sandbox.restartScenario('my-app', { operationError: 'web-1 crashed at boot' });
    const error = await h.client.apps.restartAndWait('my-app', { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScalingoOperationError);
    expect((error as Error).message).toBe("Scalingo operation restart on 'my-app' failed: web-1 crashed at boot.");
  });

  it('is sent once: a restart is not repeated after a 5xx', async () => {
    h.sandbox.fault({ method: 'POST', path: '/v1/apps/my-app/restart', status: 502 });
    await expect(h.client.apps.restartAndWait('my-app')).rejects.toThrow(/502/);
    expect(h.sandbox.journal.filter((e) => e.path === '/v1/apps/my-app/restart')).toHaveLength(1);
  });
});

describe('variables.deleteMany', () => {
  it('removes every id in one request, with the ids in the body and the query', async () => {
    const ids = h.sandbox
      .app('my-app')
      .variables.filter((v) => v.name !== 'B')
      .map((v) => v.id);
    await h.client.variables.deleteMany('my-app', ids);
    expect(h.sandbox.app('my-app').variables.map((v) => v.name)).toEqual(['B']);
    const deletes = h.sandbox.journal.filter((e) => e.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toMatchObject({ body: { variable_ids: ids }, query: { 'variable_ids[]': ids } });
  });

  it('sends nothing for no ids', async () => {
    await h.client.variables.deleteMany('my-app', []);
    expect(h.sandbox.mutations()).toEqual([]);
  });
});

describe('logs', () => {
  it('reads the last lines through the signed URL, without our token, and masks the URL', async () => {
    for (const line of ['one', 'two', 'three']) appLogLine(h.sandbox.app('my-app'), 'web-1', line);
    const lines = await h.client.logs.tail('my-app', { lines: 2 });
    expect(lines).toEqual([expect.stringMatching(/\[web-1\] two$/), expect.stringMatching(/\[web-1\] three$/)]);
    const read = h.sandbox.journal.find((e) => e.path === '/logs/my-app')!;
    expect(read).toMatchObject({ auth: 'none', query: { n: '2' } });
    expectNoSecretLeaked(h);
  });

  it('gives [] when the app has no logs yet (204)', async () => {
    expect(await h.client.logs.tail('my-app')).toEqual([]);
  });
});
