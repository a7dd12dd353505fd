// dist/deploy/index.js run as the runner runs it, against the Scalingo sandbox and the GitHub double.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionResult } from '../helpers/run-action.ts';
import {
  APP,
  masked,
  PROCFILE_APP,
  secretsOf,
  signedTarballUrl,
  startWorld,
  type DeployWorld,
} from '../helpers/staging-world.ts';

let world: DeployWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

function expectNoSecrets(result: ActionResult): void {
  // `everything` is what the runner shows or keeps (its own ::add-mask:: commands left out).
  for (const secret of secretsOf(world)) expect(result.everything).not.toContain(secret);
}

function deploymentPosts() {
  return world.scalingo.journal.filter((e) => e.method === 'POST' && e.path === `/v1/apps/${APP}/deployments`);
}

function errorText(result: ActionResult): string {
  return result.annotations
    .filter((a) => a.level === 'error')
    .map((a) => a.message)
    .join('\n');
}

describe('deploy: success', () => {
  it('deploys the exact commit from the GitHub archive and records it on GitHub', async () => {
    const result = await world.run();
    expect(result.exitCode).toBe(0);
    const [post] = deploymentPosts();
    expect((post!.body as { deployment: { git_ref: string } }).deployment.git_ref).toBe(world.sha);
    expect(deploymentPosts()).toHaveLength(1);
    expect(result.outputs).toMatchObject({
      status: 'success',
      'git-ref': world.sha,
      'app-url': `${world.scalingo.url}/web/${APP}`,
    });
    expect(result.outputs['deployment-id']).toBe(world.scalingo.app(APP).deployments[0]!.id);
    expect(Number(result.outputs.duration)).toBeGreaterThanOrEqual(0);
    // The stream ended the wait: no poll, no read of the finished deployment (the creation answer
    // had the rest). Three requests to the regional API in all: the app, the running ones, ours.
    const reads = world.scalingo.journal.filter(
      (e) => e.method === 'GET' && e.path.startsWith(`/v1/apps/${APP}/deployments/`),
    );
    expect(reads).toEqual([]);
    expect(
      world.scalingo.journal
        .filter((e) => e.auth === 'bearer' && e.path.startsWith('/v1/apps/'))
        .map((e) => `${e.method} ${e.path}`),
    ).toEqual([`GET /v1/apps/${APP}`, `GET /v1/apps/${APP}/deployments`, `POST /v1/apps/${APP}/deployments`]);
    // The release Scalingo unpacked is that commit's tree.
    const release = world.scalingo.releaseDir(APP)!;
    expect(readdirSync(release).sort()).toEqual(Object.keys(PROCFILE_APP).sort());
    expect(readFileSync(join(release, 'Procfile'), 'utf8')).toBe(PROCFILE_APP.Procfile);

    const [deployment] = world.github.state.deployments;
    expect(deployment).toMatchObject({ sha: world.sha, environment: APP, required_contexts: [], auto_merge: false });
    const statuses = world.github.state.statuses.filter((s) => s.deployment_id === deployment!.id).map((s) => s.state);
    expect(statuses).toEqual(['in_progress', 'success']);
    const success = world.github.state.statuses.find((s) => s.state === 'success')!;
    expect(success.environment_url).toBe(`${world.scalingo.url}/web/${APP}`);
    expect(success.log_url).toBe('https://github.com/acme/shop/actions/runs/4242');

    expect(result.summary).toContain(`Deployed ${world.sha.slice(0, 7)} to ${APP}`);
    expect(result.stdout).toMatch(/::group::Build log of deployment/);
    const sourceUrl = (deploymentPosts()[0]!.body as { deployment: { source_url: string } }).deployment.source_url;
    expect(masked(result, sourceUrl)).toBe(true);
    expectNoSecrets(result);
  });

  it('resolves a branch ref to its commit SHA', async () => {
    world.github.git.branch('release');
    const head = world.github.git.commit({ 'app.py': 'print("v2")\n' }, 'v2', { branch: 'release' });
    const result = await world.run({ ref: 'release' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['git-ref']).toBe(head);
    expect(world.github.state.deployments[0]!.sha).toBe(head);
    expect(readFileSync(join(world.scalingo.releaseDir(APP)!, 'app.py'), 'utf8')).toBe('print("v2")\n');
  });

  it('uploads a local directory without .git', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-upload-'));
    try {
      mkdirSync(join(dir, 'build'));
      writeFileSync(join(dir, 'build', 'Procfile'), 'web: ./serve\n');
      writeFileSync(join(dir, 'build', 'index.html'), '<h1>built</h1>\n');
      mkdirSync(join(dir, 'build', '.git'));
      writeFileSync(join(dir, 'build', '.git', 'HEAD'), 'ref: refs/heads/main\n');
      const result = await world.run({ source: 'upload', path: 'build' }, { cwd: dir });
      expect(result.exitCode).toBe(0);
      expect(readdirSync(world.scalingo.releaseDir(APP)!).sort()).toEqual(['Procfile', 'index.html']);
      expect(world.scalingo.journal.filter((e) => e.method === 'POST' && e.path === '/v1/sources')).toHaveLength(1);
      expect(result.outputs['git-ref']).toBe(world.sha);
      expectNoSecrets(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deploys the linked branch through the integration and checks the commit', async () => {
    const sourceUrl = await signedTarballUrl(world.github, world.sha);
    world.scalingo.createApp('shop-linked', {
      scmRepoLink: { owner: 'acme', repo: 'shop', branch: 'main', headSha: world.sha, sourceUrl },
    });
    const result = await world.run({ app: 'shop-linked', source: 'integration' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['git-ref']).toBe(world.sha);
    expect(
      world.scalingo.journal.some(
        (e) => e.method === 'POST' && e.path === '/v1/apps/shop-linked/scm_repo_link/manual_deploy',
      ),
    ).toBe(true);
    expect(result.annotations).toContainEqual({
      level: 'warning',
      message: expect.stringContaining("deploys the head of branch 'main'"),
    });
  });

  it('fails when the integration deployed another commit than the requested SHA', async () => {
    const other = world.github.git.commit({ 'app.py': 'print("newer")\n' }, 'newer');
    world.scalingo.createApp('shop-linked', {
      scmRepoLink: {
        owner: 'acme',
        repo: 'shop',
        branch: 'main',
        headSha: other,
        sourceUrl: await signedTarballUrl(world.github, other),
      },
    });
    const result = await world.run({ app: 'shop-linked', source: 'integration', ref: world.sha });
    expect(result.exitCode).toBe(1);
    expect(errorText(result)).toContain(`Scalingo deployed ${other}`);
    expect(world.github.state.statuses.at(-1)!.state).toBe('failure');
  });
});

describe('deploy: failures', () => {
  it.each([
    ['build-error', /build failed/],
    ['crashed-error', /crashed while booting/],
    ['timeout-error', /did not listen on \$PORT within 60 s/],
    ['hook-error', /postdeploy hook/],
    ['aborted', /aborted/],
  ])('%s: its own message, the log tail in the annotation and summary, exit 1', async (status, meaning) => {
    world.scalingo.deploymentScenario(APP, {
      status,
      logLines: ['-----> Installing dependencies', `!     the ${status} cause`],
    });
    const result = await world.run();
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe(status);
    const error = errorText(result);
    expect(error).toMatch(meaning);
    expect(error).toContain(`ended with status '${status}'`);
    expect(error).toContain(`the ${status} cause`);
    expect(result.summary).toContain(`the ${status} cause`);
    expect(result.summary).toMatch(/Last \d+ lines of the build log/);
    expect(result.stdout).not.toMatch(/succeeded: /);
    expect(world.github.state.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expectNoSecrets(result);
  });

  it('times out with the deployment id, saying it is still running', async () => {
    world.scalingo.deploymentScenario(APP, { phaseMs: 20_000 });
    const result = await world.run({ timeout: '2s' });
    expect(result.exitCode).toBe(1);
    const id = world.scalingo.app(APP).deployments[0]!.id;
    expect(result.outputs['deployment-id']).toBe(id);
    expect(result.outputs.status).not.toBe('success');
    expect(errorText(result)).toMatch(new RegExp(`${id}.*still running`));
    expect(world.github.state.statuses.at(-1)!.state).toBe('error');
  });

  it.each(['build-error', 'success'])(
    'reaches the right verdict (%s) when the stream drops mid-build',
    async (status) => {
      world.scalingo.deploymentScenario(APP, { status, logLines: ['step 1', 'step 2', 'step 3', 'last words'] });
      world.scalingo.dropStreamAfterFrames(APP, 3);
      const result = await world.run();
      expect(result.exitCode).toBe(status === 'success' ? 0 : 1);
      expect(result.outputs.status).toBe(status);
      // Every line shown once, the ones sent while disconnected included.
      for (const line of ['step 1', 'step 2', 'step 3', 'last words'])
        expect(result.stdout.split('\n').filter((l) => l === line)).toHaveLength(1);
    },
  );

  it('survives 429 and 5xx bursts and still creates exactly one deployment', async () => {
    world.scalingo.fault({ path: `/v1/apps/${APP}`, status: 429, times: 2 });
    world.scalingo.fault({ path: `/v1/apps/${APP}/deployments`, method: 'GET', status: 503, times: 2 });
    world.scalingo.fault({ path: new RegExp(`/v1/apps/${APP}/deployments/[^/]+$`), status: 500, times: 2 });
    world.scalingo.fault({ method: 'POST', path: `/v1/apps/${APP}/deployments`, status: 503, times: 1 });
    world.scalingo.fault({ method: 'POST', path: `/v1/apps/${APP}/deployments`, status: 429, times: 1 });
    const result = await world.run();
    expect(result.exitCode).toBe(0);
    expect(world.scalingo.app(APP).deployments).toHaveLength(1);
    expect(world.scalingo.journal.filter((e) => e.fault).length).toBeGreaterThanOrEqual(6);
    expect(result.outputs.status).toBe('success');
  });
});

describe('deploy: waiting and checks', () => {
  it('waits for a deployment already running before creating its own', async () => {
    const other = world.scalingo.startDeployment(APP, { gitRef: 'someone-else', phaseMs: 250 });
    const result = await world.run();
    expect(result.exitCode).toBe(0);
    const [first, ours] = world.scalingo.app(APP).deployments;
    expect(first!.id).toBe(other);
    expect(first!.status).toBe('success');
    expect(Date.parse(ours!.createdAt)).toBeGreaterThanOrEqual(Date.parse(first!.finishedAt!));
    expect(result.stdout).toContain(`Deployment ${other}`);
  });

  it('gives up on a running deployment that outlives the timeout, without starting its own', async () => {
    const other = world.scalingo.startDeployment(APP, { gitRef: 'someone-else', phaseMs: 20_000 });
    const result = await world.run({ timeout: '2s' });
    expect(result.exitCode).toBe(1);
    expect(errorText(result)).toContain(`Deployment ${other} already running on ${APP} did not finish within 2s`);
    expect(deploymentPosts()).toEqual([]);
    expect(world.github.mutations()).toEqual([]);
  });

  it('keeps build output from issuing workflow commands', async () => {
    world.scalingo.deploymentScenario(APP, {
      status: 'success',
      logLines: ['::error::injected', '::add-mask::success'],
    });
    const result = await world.run();
    expect(result.exitCode).toBe(0);
    expect(result.annotations.filter((a) => a.message === 'injected')).toEqual([]);
    // Shown as the build printed it, but fenced: the runner does not act on it.
    expect(result.stdout).toContain('::add-mask::success');
    expect(result.commands).not.toContain('::add-mask::success');
  });

  it('passes the health check on a 2xx', async () => {
    const result = await world.run({ 'health-check': '/healthz' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Health check passed');
    expect(result.summary).toContain('Health check');
  });

  it('fails the health check with the last status once its timeout is spent', async () => {
    world.scalingo.webStatus(APP, 503);
    const result = await world.run({ 'health-check': '/healthz', 'health-check-timeout': '3s' });
    expect(result.exitCode).toBe(1);
    expect(errorText(result)).toMatch(/Health check failed: .*\/healthz.*HTTP 503/);
    expect(result.outputs.status).toBe('success');
    expect(world.github.state.statuses.at(-1)!.state).toBe('failure');
  });

  it('runs post-deploy commands after the deployment', async () => {
    const result = await world.run({ 'post-deploy': 'echo migrated\n' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('migrated');
    expect(result.summary).toContain('Post-deploy commands');
  });

  it('fails on a post-deploy command that exits non-zero, naming it, and skips the rest', async () => {
    const result = await world.run({ 'post-deploy': 'echo migrating; exit 3\necho never' });
    expect(result.exitCode).toBe(1);
    expect(errorText(result)).toContain(
      "The deployment succeeded, but a post-deploy command failed. Post-deploy command 'echo migrating; exit 3' exited with code 3.",
    );
    expect(result.stdout).not.toMatch(/^never$/m);
    expect(result.outputs.status).toBe('success');
    expect(result.summary).toContain('succeeded, post-deploy failed');
    expect(world.github.state.statuses.at(-1)!.state).toBe('failure');
  });

  it('only warns when the token cannot write deployments', async () => {
    world.github.denyDeployments();
    const result = await world.run();
    expect(result.exitCode).toBe(0);
    expect(result.annotations).toContainEqual({
      level: 'warning',
      message: expect.stringContaining('deployments: write'),
    });
  });

  it('records no GitHub Deployment with github-deployment: false', async () => {
    const result = await world.run({ 'github-deployment': 'false' });
    expect(result.exitCode).toBe(0);
    expect(world.github.mutations()).toEqual([]);
  });
});

describe('deploy: bad input changes nothing', () => {
  it.each([
    ['api-token', { 'api-token': '' }],
    ['app', { app: '' }],
    ['app', { app: 'My_App!' }],
    ['source', { source: 'ftp' }],
    ['timeout', { timeout: 'soon' }],
    ['health-check-timeout', { 'health-check-timeout': '2 minutes' }],
    ['path', { source: 'upload', path: 'does/not/exist' }],
    ['ref', { ref: 'no-such-branch' }],
    ['ref', { ref: 'bad..ref' }],
    ['health-check', { 'health-check': 'healthz please' }],
  ])('%s %j', async (input, inputs) => {
    const result = await world.run(inputs);
    expect(result.exitCode).toBe(1);
    expect(errorText(result)).toContain(`Input '${input}'`);
    expect(world.scalingo.mutations()).toEqual([]);
    expect(world.github.mutations()).toEqual([]);
    expectNoSecrets(result);
  });

  it('a token that cannot read the repository is named, and nothing changes', async () => {
    world.github.fault({
      path: /\/commits\//,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      times: 10,
    });
    const result = await world.run();
    expect(result.exitCode).toBe(1);
    expect(errorText(result)).toContain("Input 'github-token': GitHub refused to resolve the ref");
    expect(world.scalingo.mutations()).toEqual([]);
    expect(world.github.mutations()).toEqual([]);
  });

  it('an unknown app changes nothing either', async () => {
    const result = await world.run({ app: 'no-such-app' });
    expect(result.exitCode).toBe(1);
    expect(errorText(result)).toContain("no app named 'no-such-app'");
    expect(world.scalingo.mutations()).toEqual([]);
    expect(world.github.mutations()).toEqual([]);
  });
});
