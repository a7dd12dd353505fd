import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/scalingo/index.ts';
import { call, exchange, until } from './test-helpers.ts';

let sandbox: Sandbox;
let jwt: string;

beforeEach(async () => {
  sandbox = await startSandbox({ phaseMs: 20 });
  sandbox.createApp('my-app', { addons: ['postgresql', 'redis'] });
  sandbox.createApp('other-app', { addons: ['mysql'] });
  jwt = await exchange(sandbox);
});
afterEach(async () => {
  await sandbox.close();
});

async function addonToken(app: string, provider: string): Promise<{ id: string; token: string }> {
  const addons = await call(sandbox, jwt, 'GET', `/v1/apps/${app}/addons`);
  const addon = addons.body.addons.find((a: { addon_provider: { id: string } }) => a.addon_provider.id === provider);
  expect(addon.id).toMatch(/^ad-/);
  const res = await call(sandbox, jwt, 'POST', `/v1/apps/${app}/addons/${addon.id}/token`, {});
  expect(res.status).toBe(200);
  const claims = JSON.parse(Buffer.from(res.body.addon.token.split('.')[1], 'base64url').toString());
  expect(claims.addon_uuid).toBe(addon.id);
  return { id: addon.id, token: res.body.addon.token };
}

describe('addons and database backups', () => {
  it('lists declared addons with their providers and sets their URL variable', async () => {
    const res = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/addons');
    expect(res.body.addons.map((a: { addon_provider: { name: string } }) => a.addon_provider.name)).toEqual([
      'PostgreSQL',
      'Redis',
    ]);
    const vars = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/variables');
    expect(vars.body.variables.map((v: { name: string }) => v.name)).toEqual([
      'SCALINGO_POSTGRESQL_URL',
      'SCALINGO_REDIS_URL',
    ]);
  });

  it('takes a backup: 201 scheduled, then running, then done; readable by both paths and listed', async () => {
    const { id, token } = await addonToken('my-app', 'postgresql');
    expect((await call(sandbox, token, 'GET', `/api/databases/${id}`)).body.database).toMatchObject({
      id,
      type_name: 'postgresql',
      app_name: 'my-app',
    });
    const created = await call(sandbox, token, 'POST', `/api/databases/${id}/backups`, {});
    expect(created.status).toBe(201);
    expect(created.body.database_backup).toMatchObject({
      status: 'scheduled',
      started_at: null,
      size: 0,
      database_id: id,
      method: 'manual',
    });
    const backupId = created.body.database_backup.id;
    const seen = new Set<string>();
    const done = await until(async () => {
      const res = await call(sandbox, token, 'GET', `/api/backups/${backupId}`);
      seen.add(res.body.database_backup.status);
      return res.body.database_backup.status === 'done' ? res.body.database_backup : undefined;
    });
    expect(done.size).toBeGreaterThan(0);
    expect(done.started_at).toEqual(expect.any(String));
    expect([...seen].every((s) => ['scheduled', 'running', 'done'].includes(s))).toBe(true);
    expect(
      (await call(sandbox, token, 'GET', `/api/databases/${id}/backups/${backupId}`)).body.database_backup.status,
    ).toBe('done');
    expect(
      (await call(sandbox, token, 'GET', `/api/databases/${id}/backups`)).body.database_backups.map(
        (b: { id: string }) => b.id,
      ),
    ).toEqual([backupId]);
  });

  it('fails a backup by scenario', async () => {
    sandbox.backupScenario('my-app', { status: 'error' });
    const { id, token } = await addonToken('my-app', 'postgresql');
    const created = await call(sandbox, token, 'POST', `/api/databases/${id}/backups`);
    const end = await until(async () => {
      const b = (await call(sandbox, token, 'GET', `/api/databases/${id}/backups/${created.body.database_backup.id}`))
        .body.database_backup;
      return ['done', 'error'].includes(b.status) ? b.status : undefined;
    });
    expect(end).toBe('error');
  });

  it.each([
    ['a user JWT', async () => ({ token: jwt, status: 401 })],
    [
      'the token of another addon',
      async () => ({ token: (await addonToken('other-app', 'mysql')).token, status: 403 }),
    ],
  ])('refuses the database API with %s', async (_name, make) => {
    const { id } = await addonToken('my-app', 'postgresql');
    const { token, status } = await make();
    expect((await call(sandbox, token, 'POST', `/api/databases/${id}/backups`)).status).toBe(status);
    expect(sandbox.app('my-app').backups).toEqual([]);
  });
});
