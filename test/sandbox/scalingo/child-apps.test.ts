import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/scalingo/index.ts';
import { call, exchange, until } from './test-helpers.ts';

let sandbox: Sandbox;
let jwt: string;

async function start(options: SandboxOptions = {}): Promise<void> {
  sandbox = await startSandbox({ phaseMs: 10, ...options });
  sandbox.createApp('parent-app', { variables: { RAILS_ENV: 'staging' }, addons: ['postgresql'] });
  jwt = await exchange(sandbox);
}

beforeEach(() => start());
afterEach(async () => {
  await sandbox.close();
});

describe('child apps', () => {
  it('creates a child app: 201, parent_app_name, status new, listed with pagination', async () => {
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/parent-app/child_apps', {
      app: { name: 'parent-app-child' },
    });
    expect(res.status).toBe(201);
    expect(res.body.app).toMatchObject({ name: 'parent-app-child', parent_app_name: 'parent-app', status: 'new' });
    for (const n of [2, 3])
      await call(sandbox, jwt, 'POST', '/v1/apps/parent-app/child_apps', { app: { name: `child-${n}x` } });
    const page = await call(sandbox, jwt, 'GET', '/v1/apps/parent-app/child_apps?page=2&per_page=2');
    expect(page.status).toBe(200);
    expect(page.body.child_apps.map((a: { name: string }) => a.name)).toEqual(['child-3x']);
    expect(page.body.meta.pagination).toMatchObject({
      current_page: 2,
      prev_page: 1,
      next_page: null,
      total_pages: 2,
      total_count: 3,
    });
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/parent-app')).body.app.parent_app_name).toBe('');
  });

  it.each([
    ['too short', 'abcde', /too short/],
    ['too long', 'a'.repeat(49), /too long \(maximum is 48/],
    ['upper case', 'Parent-Child', /lowercase/],
    ['a leading hyphen', '-child-app', /hyphen/],
    ['a trailing hyphen', 'child-app-', /hyphen/],
    ['a double hyphen', 'child--app', /hyphen/],
    ['an underscore', 'child_app', /lowercase/],
    ['taken', 'parent-app', /already been taken/],
  ])('refuses a name that is %s with 422 {"errors":{"name":[…]}}', async (_why, name, message) => {
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/parent-app/child_apps', { app: { name } });
    expect(res.status).toBe(422);
    expect(res.body.errors.name).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    expect(res.body.errors.name.length).toBeGreaterThan(0);
  });

  it('plays the older 32-character limit for child apps by option', async () => {
    await sandbox.close();
    await start({ childAppNameMax: 32 });
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/parent-app/child_apps', { app: { name: 'a'.repeat(33) } });
    expect(res.body.errors.name).toEqual(['is too long (maximum is 32 characters)']);
  });

  it('creates with POST /v1/apps, with and without parent_id', async () => {
    const parentId = sandbox.app('parent-app').id;
    const child = await call(sandbox, jwt, 'POST', '/v1/apps', { app: { name: 'by-parent-id', parent_id: parentId } });
    expect(child.status).toBe(201);
    expect(child.body.app).toMatchObject({ parent_app_name: 'parent-app', status: 'new' });
    const plain = await call(sandbox, jwt, 'POST', '/v1/apps', { app: { name: 'plain-new-app' } });
    expect(plain.body.app).toMatchObject({ name: 'plain-new-app', parent_app_name: '' });
    expect(
      await call(sandbox, jwt, 'POST', '/v1/apps', { app: { name: 'orphan-app', parent_id: 'nope' } }),
    ).toMatchObject({ status: 422, body: { errors: { parent_id: ['not found'] } } });
  });

  it('runs the checks only with X-Dry-Run: true', async () => {
    const res = await fetch(`${sandbox.apiUrl}/v1/apps`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json', 'X-Dry-Run': 'true' },
      body: JSON.stringify({ app: { name: 'dry-run-app' } }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { app: { name: string } }).app.name).toBe('dry-run-app');
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/dry-run-app')).status).toBe(404);
  });

  it.each([
    ['variables', ['RAILS_ENV', 'SCALINGO_POSTGRESQL_URL'], 0],
    ['nothing', [], 0],
    ['variables-and-addons', ['RAILS_ENV', 'SCALINGO_POSTGRESQL_URL'], 1],
  ] as const)('childAppsCopy %s: copies those variables and %i addon(s)', async (copy, names, addons) => {
    await sandbox.close();
    await start({ childAppsCopy: copy });
    await call(sandbox, jwt, 'POST', '/v1/apps/parent-app/child_apps', { app: { name: 'the-child' } });
    const child = sandbox.app('the-child');
    expect(child.variables.map((v) => v.name)).toEqual(names);
    expect(child.addons).toHaveLength(addons);
    const parentUrl = sandbox.app('parent-app').variables.find((v) => v.name === 'SCALINGO_POSTGRESQL_URL')?.value;
    const childUrl = child.variables.find((v) => v.name === 'SCALINGO_POSTGRESQL_URL')?.value;
    // Copied variables point at the parent's database; a fresh addon replaces the URL with its own.
    if (copy === 'variables') expect(childUrl).toBe(parentUrl);
    if (copy === 'variables-and-addons') expect(childUrl).not.toBe(parentUrl);
  });

  it('deletes any app, deprovisioning its addons: the database is dropped', async () => {
    sandbox.createApp('doomed-app', { addons: ['postgresql'], parent: 'parent-app' });
    const db = sandbox.database('doomed-app');
    await db.query('CREATE TABLE kept (id int)');
    const other = sandbox.database('parent-app');
    expect(await other.query("SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'doomed_app_%'")).toEqual([
      { n: 1 },
    ]);
    expect((await call(sandbox, jwt, 'DELETE', '/v1/apps/doomed-app?current_name=doomed-app')).status).toBe(204);
    expect(await other.query("SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'doomed_app_%'")).toEqual([
      { n: 0 },
    ]);
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/doomed-app')).status).toBe(404);
    await until(async () =>
      (await call(sandbox, jwt, 'GET', '/v1/apps/parent-app/child_apps')).body.child_apps.length === 0
        ? true
        : undefined,
    );
  });
});
