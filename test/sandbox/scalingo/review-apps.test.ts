import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/scalingo/index.ts';
import { call, exchange, makeArchive, until, upload } from './test-helpers.ts';

let sandbox: Sandbox;
let jwt: string;
let sourceUrl: string;
const HEAD = '1111111111111111111111111111111111111111';
const NEXT = '2222222222222222222222222222222222222222';

async function start(options: SandboxOptions = {}): Promise<void> {
  sandbox = await startSandbox({ phaseMs: 10, ...options });
  sandbox.createApp('shop', {
    variables: { RAILS_ENV: 'staging', DATABASE_URL: '$SCALINGO_POSTGRESQL_URL' },
    addons: ['postgresql', 'redis'],
    scmRepoLink: { owner: 'acme', repo: 'shop', branch: 'main' },
  });
  jwt = await exchange(sandbox);
  sourceUrl = await upload(sandbox, jwt, readFileSync(makeArchive({ 'index.html': 'pr head\n' })));
  sandbox.pullRequest('shop', { number: 42, headSha: HEAD, sourceUrl, branch: 'feature/cart', title: 'Add the cart' });
}

beforeEach(() => start());
afterEach(async () => {
  await sandbox.close();
});

const ask = (body: unknown, app = 'shop') =>
  call(sandbox, jwt, 'POST', `/v1/apps/${app}/scm_repo_link/manual_review_app`, body);
const list = async () => (await call(sandbox, jwt, 'GET', '/v1/apps/shop/scm_repo_link/review_apps')).body.review_apps;

async function deployed(app: string, gitRef: string): Promise<void> {
  await until(() =>
    sandbox.app(app).deployments.some((d) => d.gitRef === gitRef && d.status === 'success') ? true : undefined,
  );
}

describe('pull requests of the repo link', () => {
  it('lists open pulls and reads one, fork flag included', async () => {
    sandbox.pullRequest('shop', { number: 43, headSha: NEXT, fork: 'mallory' });
    const pulls = await call(sandbox, jwt, 'GET', '/v1/apps/shop/scm_repo_link/pulls');
    expect(pulls.body.pulls.map((p: { number: number }) => p.number)).toEqual([42, 43]);
    const pull = await call(sandbox, jwt, 'GET', '/v1/apps/shop/scm_repo_link/pulls/43');
    expect(pull.body.pull).toEqual({
      id: expect.any(Number),
      number: 43,
      title: 'Pull request #43',
      html_url: 'https://github.com/acme/shop/pull/43',
      source_repo_name: 'mallory/shop',
      source_repo_html_url: 'https://github.com/mallory/shop',
      opened_from_a_forked_repo: true,
    });
    expect(
      (await call(sandbox, jwt, 'GET', '/v1/apps/shop/scm_repo_link/pulls/42')).body.pull.opened_from_a_forked_repo,
    ).toBe(false);
    expect(await call(sandbox, jwt, 'GET', '/v1/apps/shop/scm_repo_link/pulls/99')).toMatchObject({
      status: 404,
      body: { resource: 'pull_request', error: 'not found' },
    });
  });
});

describe('manual review apps', () => {
  it.each([42, '42'])('answers 200 {} to pull_request_id %j, then creates and deploys <parent>-pr42', async (id) => {
    const res = await ask({ pull_request_id: id });
    expect(res).toMatchObject({ status: 200, body: {} });
    const child = sandbox.app('shop-pr42');
    expect(child.parentName).toBe('shop');
    await deployed('shop-pr42', HEAD);
    expect(sandbox.releaseDir('shop-pr42')).toBeTruthy();
    expect(readFileSync(`${sandbox.releaseDir('shop-pr42')}/index.html`, 'utf8')).toBe('pr head\n');
  });

  it('answers {"review_app":{…}} with manualReviewAppBody: review_app', async () => {
    await sandbox.close();
    await start({ manualReviewAppBody: 'review_app' });
    expect((await ask({ pull_request_id: 42 })).body.review_app).toMatchObject({ app_name: 'shop-pr42' });
  });

  it("copies the parent's variables and provisions fresh, empty addons of its providers and plans", async () => {
    await sandbox.database('shop').query("CREATE TABLE secrets (v text); INSERT INTO secrets VALUES ('parent')");
    await ask({ pull_request_id: 42 });
    const parent = sandbox.app('shop');
    const child = sandbox.app('shop-pr42');
    await deployed('shop-pr42', HEAD);
    expect(child.addons.map((a) => [a.providerId, a.planId, a.status])).toEqual(
      parent.addons.map((a) => [a.providerId, a.planId, 'running']),
    );
    const value = (app: typeof child, name: string) => app.variables.find((v) => v.name === name)?.value;
    expect(value(child, 'RAILS_ENV')).toBe('staging');
    expect(value(child, 'DATABASE_URL')).toBe('$SCALINGO_POSTGRESQL_URL');
    expect(value(child, 'SCALINGO_POSTGRESQL_URL')).not.toBe(value(parent, 'SCALINGO_POSTGRESQL_URL'));
    expect(
      await sandbox.database('shop-pr42').query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'secrets'"),
    ).toEqual([{ n: 0 }]);
    expect(child.runningVariables?.DATABASE_URL).toBe(value(child, 'SCALINGO_POSTGRESQL_URL'));
  });

  it('deploys only once the addons run (provisioned before the first deployment)', async () => {
    sandbox.addonScenario('shop-pr42', { neverRunning: true });
    await ask({ pull_request_id: 42 });
    await new Promise((r) => setTimeout(r, 150));
    expect(sandbox.app('shop-pr42').deployments.map((d) => d.status)).toEqual(['queued']);
  });

  it('lists the review app with the exact item shape of the facts', async () => {
    await ask({ pull_request_id: 42 });
    await deployed('shop-pr42', HEAD);
    const [item] = await list();
    const child = sandbox.app('shop-pr42');
    expect(Object.keys(item).sort()).toEqual(
      [
        'id',
        'repo_link_id',
        'app_id',
        'app_name',
        'parent_app_id',
        'parent_app_name',
        'created_at',
        'stale_deletion_date',
        'on_close_deletion_date',
        'pull_request',
        'last_deployment',
      ].sort(),
    );
    expect(item).toMatchObject({
      app_id: child.id,
      app_name: 'shop-pr42',
      parent_app_id: sandbox.app('shop').id,
      parent_app_name: 'shop',
      pull_request: {
        number: 42,
        branch_name: 'feature/cart',
        title: 'Add the cart',
        html_url: 'https://github.com/acme/shop/pull/42',
        ref: HEAD,
        base_ref: 'main',
        closed_at: '0001-01-01T00:00:00Z',
      },
      last_deployment: {
        status: 'success',
        git_ref: HEAD,
        pusher: { username: 'scalingo-platform-scm', email: 'deploy-scm@scalingo.com' },
      },
    });
    expect(item.id).not.toBe(child.id);
    expect(Date.parse(item.on_close_deletion_date)).toBeGreaterThan(Date.parse('2100-01-01'));
  });

  it.each([
    [true, [HEAD, NEXT]],
    [false, [HEAD]],
  ])('reviewAppsAutoDeploy %s: a new head of the PR redeploys its review app', async (autoDeploy, refs) => {
    await sandbox.close();
    await start({ reviewAppsAutoDeploy: autoDeploy });
    await ask({ pull_request_id: 42 });
    await deployed('shop-pr42', HEAD);
    sandbox.pullRequest('shop', { number: 42, headSha: NEXT, sourceUrl });
    await new Promise((r) => setTimeout(r, 150));
    await until(() => (sandbox.app('shop-pr42').deployments.every((d) => d.finishedAt) ? true : undefined));
    expect(sandbox.app('shop-pr42').deployments.map((d) => d.gitRef)).toEqual(refs);
  });

  it('closing the PR deletes its review app (delete_on_close_enabled) and drops its databases', async () => {
    await ask({ pull_request_id: 42 });
    await deployed('shop-pr42', HEAD);
    await sandbox.closePullRequest('shop', 42);
    expect(await list()).toEqual([]);
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/shop-pr42')).status).toBe(404);
    expect((await call(sandbox, jwt, 'GET', '/v1/apps/shop/scm_repo_link/pulls')).body.pulls).toEqual([]);
  });

  it('closing the PR keeps the review app when delete_on_close is off, with a real closed_at', async () => {
    const patched = await call(sandbox, jwt, 'PATCH', '/v1/apps/shop/scm_repo_link', {
      scm_repo_link: { delete_on_close_enabled: false, hours_before_delete_on_close: 0 },
    });
    expect(patched.body.scm_repo_link).toMatchObject({ delete_on_close_enabled: false, auto_deploy_enabled: true });
    await ask({ pull_request_id: 42 });
    await sandbox.closePullRequest('shop', 42);
    const [item] = await list();
    expect(item.pull_request.closed_at).not.toBe('0001-01-01T00:00:00Z');
    expect(sandbox.app('shop-pr42')).toBeTruthy();
  });

  it('appears only after reviewAppDelayMs when told (the real delay is unconfirmed)', async () => {
    await sandbox.close();
    await start({ reviewAppDelayMs: 150 });
    await ask({ pull_request_id: 42 });
    expect(await list()).toEqual([]);
    await until(async () => ((await list()).length === 1 ? true : undefined));
  });

  it('names review apps with reviewAppName (what Scalingo does with long names is unconfirmed)', async () => {
    await sandbox.close();
    await start({ reviewAppName: (parent, n) => `${parent}-pr${n}`.slice(0, 8) });
    await ask({ pull_request_id: 42 });
    expect((await list())[0].app_name).toBe('shop-pr4');
  });

  it.each([
    ['no repo link', 'bare-app', { pull_request_id: 42 }, 404, { resource: 'scm_repo_link', error: 'not found' }],
    ['an unknown PR', 'shop', { pull_request_id: 99 }, 404, { resource: 'pull_request', error: 'not found' }],
    ['an invalid id', 'shop', { pull_request_id: 'x' }, 422, { errors: { pull_request_id: ['is invalid'] } }],
  ])('refuses %s', async (_name, app, body, status, answer) => {
    sandbox.createApp('bare-app');
    expect(await ask(body, app)).toMatchObject({ status, body: answer });
    expect(await list()).toEqual([]);
  });

  it('refuses a closed PR and a PR that already has a review app (422)', async () => {
    await ask({ pull_request_id: 42 });
    expect(await ask({ pull_request_id: 42 })).toMatchObject({
      status: 422,
      body: { errors: { pull_request_id: ['a review app already exists for this pull request'] } },
    });
    sandbox.pullRequest('shop', { number: 44, headSha: NEXT });
    await sandbox.closePullRequest('shop', 44);
    expect(await ask({ pull_request_id: 44 })).toMatchObject({
      status: 422,
      body: { errors: { pull_request_id: ['pull request is closed'] } },
    });
  });
});
