import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/scalingo/index.ts';
import { call, exchange, until } from './test-helpers.ts';

let sandbox: Sandbox;
let jwt: string;

async function start(options: SandboxOptions = {}): Promise<void> {
  sandbox = await startSandbox({ phaseMs: 10, ...options });
  sandbox.createApp('my-app');
  jwt = await exchange(sandbox);
}

beforeEach(() => start());
afterEach(async () => {
  await sandbox.close();
});

async function planId(provider: string, name: string): Promise<string> {
  const plans = await call(sandbox, null, 'GET', `/v1/addon_providers/${provider}/plans`);
  return plans.body.plans.find((p: { name: string }) => p.name === name).id;
}

async function provision(provider: string, plan: string) {
  return call(sandbox, jwt, 'POST', '/v1/apps/my-app/addons', {
    addon: { addon_provider_id: provider, plan_id: await planId(provider, plan), options: null },
  });
}

async function untilStatus(addonId: string, status: string): Promise<void> {
  await until(async () => {
    const res = await call(sandbox, jwt, 'GET', `/v1/apps/my-app/addons/${addonId}`);
    return res.body.addon.status === status ? true : undefined;
  });
}

describe('addon catalogue', () => {
  it('lists providers without authentication, each with its plans', async () => {
    const res = await call(sandbox, null, 'GET', '/v1/addon_providers');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(
      res.body.addon_providers.map((p: { id: string; name: string; plans: unknown[] }) => [p.id, p]),
    );
    expect(Object.keys(byId)).toEqual(['postgresql', 'mysql', 'mongodb', 'redis']);
    expect(byId.postgresql).toMatchObject({ name: 'PostgreSQL', category: { name: 'Databases' } });
    expect(byId.redis.plans.map((p: { name: string }) => p.name)).toContain('redis-starter-128');
  });

  it('lists plans with ids distinct from names; Sandbox plans are disabled, with a Starter alternative', async () => {
    const { body } = await call(sandbox, null, 'GET', '/v1/addon_providers/postgresql/plans');
    const byName = Object.fromEntries(body.plans.map((p: { name: string }) => [p.name, p]));
    expect(byName['postgresql-starter-512']).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      disabled: false,
    });
    expect(byName['postgresql-sandbox']).toMatchObject({
      disabled: true,
      disabled_alternative_plan_id: byName['postgresql-starter-512'].id,
    });
    for (const plan of body.plans) expect(plan.id).not.toBe(plan.name);
    expect((await call(sandbox, null, 'GET', '/v1/addon_providers/nope/plans')).status).toBe(404);
  });

  it('prefixes provider ids with addonProviderIds: prefixed (the other form in the facts)', async () => {
    await sandbox.close();
    await start({ addonProviderIds: 'prefixed' });
    const res = await call(sandbox, null, 'GET', '/v1/addon_providers');
    expect(res.body.addon_providers.map((p: { id: string }) => p.id)).toEqual([
      'scalingo-postgresql',
      'scalingo-mysql',
      'scalingo-mongodb',
      'scalingo-redis',
    ]);
    expect((await provision('scalingo-redis', 'redis-starter-128')).status).toBe(201);
  });
});

describe('addon provisioning', () => {
  it('provisions PostgreSQL: 201 provisioning, then running; SCALINGO_POSTGRESQL_URL and its alias', async () => {
    const res = await provision('postgresql', 'postgresql-starter-512');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      addon: { id: expect.stringMatching(/^ad-/), status: 'provisioning', addon_provider: { id: 'postgresql' } },
      message: expect.any(String),
      variables: ['SCALINGO_POSTGRESQL_URL', 'DATABASE_URL'],
    });
    await untilStatus(res.body.addon.id, 'running');
    const aliased = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/variables?aliases=true');
    const value = (body: { variables: { name: string; value: string }[] }, name: string) =>
      body.variables.find((v) => v.name === name)?.value;
    const url = value(aliased.body, 'SCALINGO_POSTGRESQL_URL');
    expect(url).toMatch(/^postgresql:\/\/[a-z0-9_]+:[0-9a-f]+@127\.0\.0\.1:\d+\/[a-z0-9_]+\?sslmode=prefer$/);
    expect(value(aliased.body, 'DATABASE_URL')).toBe('$SCALINGO_POSTGRESQL_URL');
    const expanded = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/variables?aliases=false');
    expect(value(expanded.body, 'DATABASE_URL')).toBe(url);
    expect(await sandbox.database('my-app').query('SELECT current_database() AS db')).toEqual([
      { db: sandbox.app('my-app').addons[0]?.resourceId },
    ]);
  });

  it.each([
    ['redis', 'redis-starter-128', ['SCALINGO_REDIS_URL', 'REDIS_URL']],
    ['mysql', 'mysql-starter-512', ['SCALINGO_MYSQL_URL', 'DATABASE_URL']],
    ['mongodb', 'mongo-starter-256', ['SCALINGO_MONGO_URL', 'MONGO_URL']],
  ])('provisions %s with the variables the facts list', async (provider, plan, variables) => {
    const res = await provision(provider, plan);
    expect(res.body.variables).toEqual(variables);
    expect(res.body.addon.plan.name).toBe(plan);
  });

  it('provisions the smallest Starter plan when a disabled Sandbox plan is asked (2026 deprecation)', async () => {
    const res = await provision('postgresql', 'postgresql-sandbox');
    expect(res.status).toBe(201);
    expect(res.body.addon.plan.name).toBe('postgresql-starter-512');
  });

  it.each([
    ['a blank provider', { plan_id: 'x' }, 422, { errors: { addon_provider_id: ["can't be blank"] } }],
    ['a blank plan', { addon_provider_id: 'postgresql' }, 422, { errors: { plan_id: ["can't be blank"] } }],
    ['an unknown provider', { addon_provider_id: 'nope', plan_id: 'x' }, 404, { resource: 'addon_provider' }],
    ['an unknown plan', { addon_provider_id: 'postgresql', plan_id: 'x' }, 404, { resource: 'plan' }],
    [
      'a plan name instead of its id',
      { addon_provider_id: 'postgresql', plan_id: 'postgresql-starter-512' },
      404,
      { resource: 'plan', error: 'not found' },
    ],
  ])('refuses %s', async (_name, addon, status, body) => {
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/addons', { addon });
    expect(res).toMatchObject({ status, body });
    expect(sandbox.app('my-app').addons).toEqual([]);
  });

  it.each([
    ['neverRunning', { neverRunning: true }, 'provisioning'],
    ['status suspended', { status: 'suspended' as const }, 'suspended'],
  ])('plays addonScenario %s', async (_name, scenario, status) => {
    sandbox.addonScenario('my-app', scenario);
    const res = await provision('redis', 'redis-starter-128');
    await new Promise((r) => setTimeout(r, 100));
    expect((await call(sandbox, jwt, 'GET', `/v1/apps/my-app/addons/${res.body.addon.id}`)).body.addon.status).toBe(
      status,
    );
    const next = await provision('redis', 'redis-starter-256');
    await untilStatus(next.body.addon.id, 'running');
  });

  it('deprovisions: 204, variables gone, database dropped', async () => {
    const res = await provision('postgresql', 'postgresql-starter-512');
    await untilStatus(res.body.addon.id, 'running');
    const db = sandbox.database('my-app');
    await db.query('CREATE TABLE t (id int)');
    sandbox.createApp('witness-app', { addons: ['postgresql'] });
    const witness = sandbox.database('witness-app');
    const count = async () =>
      (
        await witness.query(
          `SELECT count(*)::int AS n FROM pg_database WHERE datname = '${db.url.split('/').pop()?.split('?')[0]}'`,
        )
      )[0];
    expect(await count()).toEqual({ n: 1 });
    expect((await call(sandbox, jwt, 'DELETE', `/v1/apps/my-app/addons/${res.body.addon.id}`)).status).toBe(204);
    expect(sandbox.app('my-app').variables).toEqual([]);
    expect(await count()).toEqual({ n: 0 });
    expect((await call(sandbox, jwt, 'GET', `/v1/apps/my-app/addons/${res.body.addon.id}`)).status).toBe(404);
  });

  it("gives createApp's PostgreSQL addon a real database too (main variable only, as before)", async () => {
    sandbox.createApp('declared-app', { addons: ['postgresql'] });
    expect(sandbox.app('declared-app').variables.map((v) => v.name)).toEqual(['SCALINGO_POSTGRESQL_URL']);
    const db = sandbox.database('declared-app');
    await db.query("CREATE TABLE users (name text); INSERT INTO users VALUES ('ada')");
    expect(await db.query('SELECT name FROM users')).toEqual([{ name: 'ada' }]);
  });
});
