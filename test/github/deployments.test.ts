import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubApiError, GitHubPermissionError, isPermissionError } from '../../src/github/index.ts';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { clientFor } from './helpers.ts';

let gh: GitHubDouble;
let sha: string;

beforeEach(async () => {
  gh = await startGitHubDouble();
  sha = gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

describe('deployments', () => {
  it('creates a deployment for the exact commit, with no required contexts and no auto-merge', async () => {
    const { client } = clientFor(gh);
    const id = await client.createDeployment({
      sha,
      environment: 'staging',
      description: 'Deploy to my-app',
      productionEnvironment: false,
      payload: { app: 'my-app' },
    });
    expect(gh.state.deployments).toHaveLength(1);
    expect(gh.state.deployments[0]).toMatchObject({
      id,
      sha,
      ref: sha,
      environment: 'staging',
      description: 'Deploy to my-app',
      production_environment: false,
      required_contexts: [],
      auto_merge: false,
      payload: { app: 'my-app' },
    });
  });

  it('records statuses with log and environment URLs, and marks the previous success inactive', async () => {
    const { client } = clientFor(gh);
    const older = await client.createDeployment({
      sha,
      environment: 'production',
      description: 'v1',
      productionEnvironment: true,
    });
    await client.createDeploymentStatus(older, { state: 'success' });
    const id = await client.createDeployment({
      sha,
      environment: 'production',
      description: 'v2',
      productionEnvironment: true,
    });
    await client.createDeploymentStatus(id, {
      state: 'in_progress',
      logUrl: 'https://github.com/acme/shop/actions/runs/1',
    });
    await client.createDeploymentStatus(id, {
      state: 'success',
      logUrl: 'https://github.com/acme/shop/actions/runs/1',
      environmentUrl: 'https://my-app.osc-fr1.scalingo.io',
      description: 'Deployed',
    });
    expect(gh.state.statuses.map((s) => [s.deployment_id, s.state])).toEqual([
      [older, 'success'],
      [id, 'in_progress'],
      [id, 'success'],
      [older, 'inactive'],
    ]);
    expect(gh.state.statuses[2]).toMatchObject({
      log_url: 'https://github.com/acme/shop/actions/runs/1',
      environment_url: 'https://my-app.osc-fr1.scalingo.io',
      description: 'Deployed',
    });
  });

  it('cuts a status description to the 140 characters GitHub accepts', async () => {
    const { client } = clientFor(gh);
    const id = await client.createDeployment({
      sha,
      environment: 'staging',
      description: 'd',
      productionEnvironment: false,
    });
    await client.createDeploymentStatus(id, { state: 'failure', description: 'x'.repeat(300) });
    expect(gh.state.statuses[0]?.description).toHaveLength(140);
  });

  it.each([
    [
      'createDeployment',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.createDeployment({ sha, environment: 'staging', description: 'd', productionEnvironment: false }),
    ],
    [
      'createDeploymentStatus',
      (c: ReturnType<typeof clientFor>['client']) => c.createDeploymentStatus(1001, { state: 'success' }),
    ],
  ])('%s without deployments: write is a recognisable GitHubPermissionError', async (_name, call) => {
    const { client } = clientFor(gh);
    gh.denyDeployments();
    const error = await call(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubPermissionError);
    expect(isPermissionError(error)).toBe(true);
    expect((error as GitHubApiError).status).toBe(403);
    expect((error as Error).message).toContain('Resource not accessible by integration');
    expect(gh.state.deployments).toEqual([]);
  });

  it('never repeats a deployment create on a server error', async () => {
    const { client } = clientFor(gh);
    gh.fault({ method: 'POST', path: '/deployments', status: 502, times: 3 });
    const error = await client
      .createDeployment({ sha, environment: 'staging', description: 'd', productionEnvironment: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(502);
    expect(gh.journal.filter((e) => e.method === 'POST' && e.path.endsWith('/deployments'))).toHaveLength(1);
  });

  it('repeats a deployment status on a server error (a status is safe to send twice)', async () => {
    const { client } = clientFor(gh);
    const id = await client.createDeployment({
      sha,
      environment: 'staging',
      description: 'd',
      productionEnvironment: false,
    });
    gh.fault({ method: 'POST', path: '/statuses', status: 503 });
    await client.createDeploymentStatus(id, { state: 'success' });
    expect(gh.state.statuses.map((s) => s.state)).toEqual(['success']);
  });
});
