// The PR head's scalingo.json (or app.json) overrides what a review app inherits (facts §16).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/scalingo/index.ts';
import { call, exchange, makeArchive, until, upload } from './test-helpers.ts';

let sandbox: Sandbox;
let jwt: string;

beforeEach(async () => {
  sandbox = await startSandbox({ phaseMs: 10 });
  sandbox.createApp('shop', {
    variables: { RAILS_ENV: 'staging', SECRET: 'parent-secret', DROPPED: 'x' },
    addons: ['postgresql', 'redis'],
    scmRepoLink: { owner: 'acme', repo: 'shop', branch: 'main' },
  });
  jwt = await exchange(sandbox);
});
afterEach(async () => {
  await sandbox.close();
});

async function reviewApp(files: Record<string, string>, number = 42): Promise<string> {
  const sourceUrl = await upload(sandbox, jwt, readFileSync(makeArchive(files)));
  sandbox.pullRequest('shop', { number, headSha: `${number}`.repeat(40).slice(0, 40), sourceUrl });
  await call(sandbox, jwt, 'POST', '/v1/apps/shop/scm_repo_link/manual_review_app', { pull_request_id: number });
  const name = `shop-pr${number}`;
  await until(() => (sandbox.app(name).deployments[0]?.finishedAt ? true : undefined));
  return name;
}

const vars = (app: string) => Object.fromEntries(sandbox.app(app).variables.map((v) => [v.name, v.value]));

describe('review app manifest', () => {
  it('sets and removes env entries, replaces the addons, applies the formation, runs first-deploy', async () => {
    const manifest = {
      env: {
        SECRET: { generator: 'secret' },
        DROPPED: { value: null },
        IS_REVIEW_APP: { value: 'true' },
        ORIGIN: { generator: 'url', template: '%URL%/admin' },
        LABEL: { generator: 'template', template: '%APP% of %PARENT_APP% #%PR_NUMBER%' },
      },
      addons: ['redis:redis-starter-128'],
      formation: { web: { amount: 2, size: 'L' } },
      scripts: { 'first-deploy': 'echo first deploy ran' },
    };
    const app = await reviewApp({
      'scalingo.json': JSON.stringify(manifest),
      Procfile: 'postdeploy: echo procfile hook ran\n',
    });
    const v = vars(app);
    expect(v).toMatchObject({ RAILS_ENV: 'staging', IS_REVIEW_APP: 'true', LABEL: 'shop-pr42 of shop #42' });
    expect(v.SECRET).toMatch(/^[0-9a-f]{32}$/);
    expect(v.ORIGIN).toBe(`${sandbox.url}/web/shop-pr42/admin`);
    expect(v.DROPPED).toBeUndefined();
    expect(sandbox.app(app).addons.map((a) => a.providerId)).toEqual(['redis']);
    expect(sandbox.app(app).formation).toEqual([{ name: 'web', command: '', amount: 2, size: 'L' }]);
    const [first] = sandbox.app(app).deployments;
    expect(first?.status).toBe('success');
    expect(first?.log).toContain('first deploy ran');
    expect(first?.log).not.toContain('procfile hook ran');
    // Later deployments run the Procfile hook again; the manifest is not re-read.
    sandbox.pullRequest('shop', { number: 42, headSha: 'f'.repeat(40) });
    await until(() => (sandbox.app(app).deployments[1]?.finishedAt ? true : undefined));
    expect(sandbox.app(app).deployments[1]?.log).toContain('procfile hook ran');
  });

  it.each([
    ['app.json alone', { 'app.json': '{"env":{"FROM":{"value":"app.json"}}}' }, 'app.json'],
    [
      'both: scalingo.json wins',
      { 'app.json': '{"env":{"FROM":{"value":"app.json"}}}', 'scalingo.json': '{"env":{"FROM":{"value":"scalingo"}}}' },
      'scalingo',
    ],
  ])('reads %s', async (_name, files, from) => {
    expect(vars(await reviewApp(files)).FROM).toBe(from);
  });

  it('looks the manifest up from PROJECT_DIR, then each parent folder', async () => {
    sandbox.app('shop').variables.push({ id: 'p1', name: 'PROJECT_DIR', value: 'api' });
    const root = { 'scalingo.json': '{"env":{"FROM":{"value":"root"}}}', 'api/app.py': 'print(1)\n' };
    expect(vars(await reviewApp(root, 42)).FROM).toBe('root');
    const nested = { ...root, 'api/scalingo.json': '{"env":{"FROM":{"value":"api"}}}' };
    expect(vars(await reviewApp(nested, 43)).FROM).toBe('api');
  });

  it("duplicates the parent's addons when the manifest has no addons key", async () => {
    const app = await reviewApp({ 'scalingo.json': '{"env":{}}' });
    expect(sandbox.app(app).addons.map((a) => a.providerId)).toEqual(['postgresql', 'redis']);
  });
});
