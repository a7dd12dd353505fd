import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/scalingo/index.ts';
import { call, exchange, makeArchive, until, upload } from './test-helpers.ts';

let sandbox: Sandbox;
let jwt: string;
const SHA = 'a5dca8ec8f48630c07c56fd8370e4f5535fe0fd8';

beforeEach(async () => {
  sandbox = await startSandbox({ phaseMs: 20 });
  jwt = await exchange(sandbox);
});
afterEach(async () => {
  await sandbox.close();
});

describe('SCM repo link', () => {
  it('404s an app without link', async () => {
    sandbox.createApp('bare');
    expect(await call(sandbox, jwt, 'GET', '/v1/apps/bare/scm_repo_link')).toMatchObject({
      status: 404,
      body: { resource: 'scm_repo_link', error: 'not found' },
    });
  });

  it('deploys the branch head manually (200, git_ref = head SHA, real archive)', async () => {
    const sourceUrl = await upload(sandbox, jwt, readFileSync(makeArchive({ Procfile: 'postdeploy: echo linked\n' })));
    sandbox.createApp('my-app', {
      scmRepoLink: { owner: 'acme', repo: 'shop', branch: 'main', headSha: SHA, sourceUrl },
    });
    const link = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/scm_repo_link');
    expect(link.body.scm_repo_link).toMatchObject({
      owner: 'acme',
      repo: 'shop',
      branch: 'main',
      scm_type: 'github',
      url: 'https://github.com/acme/shop',
    });
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/scm_repo_link/manual_deploy', { branch: 'main' });
    expect(res.status).toBe(200);
    expect(res.body.deployment).toMatchObject({ git_ref: SHA, status: 'queued' });
    await until(() => (sandbox.app('my-app').deployments[0]?.status === 'success' ? true : undefined));
    expect(sandbox.app('my-app').deployments[0]?.log).toContain('linked');
  });

  it('creates a review app for a pull request, lists it, deletes it as an app', async () => {
    sandbox.createApp('my-app', { scmRepoLink: { owner: 'acme', repo: 'shop', branch: 'main', headSha: SHA } });
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/scm_repo_link/manual_review_app', {
      pull_request_id: '42',
    });
    expect(res.status).toBe(200);
    const list = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/scm_repo_link/review_apps');
    expect(list.body.review_apps).toHaveLength(1);
    expect(list.body.review_apps[0]).toMatchObject({
      app_name: 'my-app-pr42',
      parent_app_name: 'my-app',
      pull_request: { number: 42 },
      last_deployment: { git_ref: SHA },
    });
    const child = await call(sandbox, jwt, 'GET', '/v1/apps/my-app-pr42');
    expect(child.body.app.parent_app_name).toBe('my-app');
    expect(await call(sandbox, jwt, 'DELETE', '/v1/apps/my-app-pr42?current_name=wrong')).toMatchObject({
      status: 422,
      body: { errors: { current_name: ['Provided name does not match app name'] } },
    });
    expect((await call(sandbox, jwt, 'DELETE', '/v1/apps/my-app-pr42?current_name=my-app-pr42')).status).toBe(204);
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/my-app/scm_repo_link/review_apps')).body.review_apps).toEqual([]);
  });
});

describe('variables', () => {
  beforeEach(() => sandbox.createApp('my-app', { variables: { BASE: 'x', REF: '$BASE-y' } }));

  it('lists with aliases kept or expanded', async () => {
    const kept = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/variables');
    expect(kept.body.variables.find((v: { name: string }) => v.name === 'REF').value).toBe('$BASE-y');
    const expanded = await call(sandbox, jwt, 'GET', '/v1/apps/my-app/variables?aliases=false');
    expect(expanded.body.variables.find((v: { name: string }) => v.name === 'REF').value).toBe('x-y');
  });

  it('creates (201), bulk upserts (200), updates, deletes (204) and bulk deletes', async () => {
    const created = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/variables', {
      variable: { name: 'NEW', value: '1' },
    });
    expect(created.status).toBe(201);
    expect(created.body.variable).toMatchObject({
      name: 'NEW',
      value: '1',
      app_id: sandbox.app('my-app').id,
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
    const bulk = await call(sandbox, jwt, 'PUT', '/v1/apps/my-app/variables', {
      variables: [
        { name: 'NEW', value: '2', id: '' },
        { name: 'OTHER', value: '3' },
      ],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.variables.map((v: { name: string; value: string }) => `${v.name}=${v.value}`)).toEqual([
      'NEW=2',
      'OTHER=3',
    ]);
    expect(bulk.body.variables[0].id).toBe(created.body.variable.id);
    const patched = await call(sandbox, jwt, 'PATCH', `/v1/apps/my-app/variables/${created.body.variable.id}`, {
      variable: { value: '4' },
    });
    expect(patched.body.variable.value).toBe('4');
    expect((await call(sandbox, jwt, 'DELETE', `/v1/apps/my-app/variables/${created.body.variable.id}`)).status).toBe(
      204,
    );
    expect(await call(sandbox, jwt, 'DELETE', '/v1/apps/my-app/variables/nope')).toMatchObject({
      status: 404,
      body: { resource: 'variable', error: 'not found' },
    });
    const other = bulk.body.variables[1].id;
    expect((await call(sandbox, jwt, 'DELETE', `/v1/apps/my-app/variables?variable_ids[]=${other}`)).status).toBe(204);
    expect(sandbox.app('my-app').variables.map((v) => v.name)).toEqual(['BASE', 'REF']);
  });

  it.each([
    [
      { variable: { wrong: 'params' } },
      { name: ["can't be blank", 'must start with a letter'], value: ["can't be blank"] },
    ],
    [{ variable: { name: '1BAD', value: 'v' } }, { name: [expect.stringMatching(/start with a letter/)] }],
  ])('refuses an invalid variable with a 422 errors map (%j)', async (body, errors) => {
    expect(await call(sandbox, jwt, 'POST', '/v1/apps/my-app/variables', body)).toMatchObject({
      status: 422,
      body: { errors },
    });
  });
});

describe('restart', () => {
  it('answers 202 with an empty body and a Location to an operation that ends done', async () => {
    sandbox.createApp('my-app');
    const res = await call(sandbox, jwt, 'POST', '/v1/apps/my-app/restart', { scope: ['web'] });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${sandbox.apiUrl}/v1/apps/my-app/operations/`));
    const op = await until(async () => {
      const o = (await call(sandbox, jwt, 'GET', new URL(location).pathname)).body.operation;
      return o.status === 'done' ? o : undefined;
    });
    expect(op).toMatchObject({ type: 'restart', finished_at: expect.any(String) });
    expect(await call(sandbox, jwt, 'POST', '/v1/apps/my-app/restart', { scope: ['wrong'] })).toMatchObject({
      status: 422,
      body: { errors: { scope: ["'wrong' → no such process type"] } },
    });
  });
});
