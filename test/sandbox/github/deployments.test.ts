import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../../sandbox/github/index.ts';
import { api } from './http.ts';

let gh: GitHubDouble;
let sha: string;

beforeEach(async () => {
  gh = await startGitHubDouble();
  sha = gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

const D = '/repos/acme/shop/deployments';
interface Spec {
  environment: string;
  transient?: boolean;
  production?: boolean;
  task?: string;
  ref?: string;
}
async function deploy(spec: Spec): Promise<number> {
  const answer = await api(gh, 'POST', D, {
    ref: spec.ref ?? sha,
    environment: spec.environment,
    task: spec.task,
    transient_environment: spec.transient ?? false,
    production_environment: spec.production ?? false,
    auto_merge: false,
    required_contexts: [],
  });
  expect(answer.status).toBe(201);
  return answer.body.id;
}
const status = (id: number, state: string, extra: Record<string, unknown> = {}) =>
  api(gh, 'POST', `${D}/${id}/statuses`, { state, ...extra });
const latest = (id: number) => gh.state.statuses.filter((s) => s.deployment_id === id).at(-1)?.state;

describe('deployments of transient (per-PR) environments (facts B4)', () => {
  it('records transient_environment and production_environment as sent', async () => {
    const id = await deploy({ environment: 'pr-7', transient: true });
    expect(gh.state.deployments.find((d) => d.id === id)).toMatchObject({
      environment: 'pr-7',
      transient_environment: true,
      production_environment: false,
    });
  });

  it.each([
    ['environment', 'environment=pr-1', ['pr-1 deploy']],
    ['task', 'task=deploy:review', ['pr-2 deploy:review']],
    ['environment and task', 'environment=pr-2&task=deploy', []],
    ['ref', 'ref=feature', ['pr-1 deploy']],
  ])('lists deployments filtered by %s', async (_what, query, expected) => {
    gh.git.branch('feature');
    await deploy({ environment: 'pr-1', ref: 'feature' });
    await deploy({ environment: 'pr-2', task: 'deploy:review' });
    const list = await api(gh, 'GET', `${D}?${query}`);
    expect(list.body.map((d: { environment: string; task: string }) => `${d.environment} ${d.task}`)).toEqual(expected);
  });

  it('filters by sha', async () => {
    const other = gh.git.commit({ 'a.txt': '1' }, 'Second');
    await deploy({ environment: 'pr-1' });
    await deploy({ environment: 'pr-1', ref: other });
    expect((await api(gh, 'GET', `${D}?sha=${other}`)).body.map((d: { sha: string }) => d.sha)).toEqual([other]);
  });

  it('auto_inactive never touches transient deployments: the client deactivates them itself', async () => {
    const first = await deploy({ environment: 'pr-7', transient: true });
    await status(first, 'success');
    const second = await deploy({ environment: 'pr-7', transient: true });
    await status(second, 'success');
    expect(latest(first)).toBe('success');
    expect((await status(first, 'inactive')).status).toBe(201);
    expect(latest(first)).toBe('inactive');
  });

  it.each([
    ['a non-transient, non-production one', { transient: false, production: false }, true, 'inactive'],
    ['a transient one', { transient: true, production: false }, true, 'success'],
    ['a production one (default: touched, see settings)', { transient: false, production: true }, true, 'inactive'],
    ['a production one, with autoInactiveProduction: false', { transient: false, production: true }, false, 'success'],
  ])('a success with auto_inactive marks an earlier success of %s → %s', async (_what, older, prod, expected) => {
    gh.settings.autoInactiveProduction = prod;
    const first = await deploy({ environment: 'staging', ...older });
    await status(first, 'success');
    const other = await deploy({ environment: 'elsewhere' });
    await status(other, 'success');
    const next = await deploy({ environment: 'staging', ...older });
    await status(next, 'success');
    expect(latest(first)).toBe(expected);
    expect(latest(other)).toBe('success');
  });

  it('leaves earlier deployments alone with auto_inactive: false, and only earlier successes', async () => {
    const failed = await deploy({ environment: 'staging' });
    await status(failed, 'failure');
    const ok = await deploy({ environment: 'staging' });
    await status(ok, 'success');
    const next = await deploy({ environment: 'staging' });
    await status(next, 'success', { auto_inactive: false });
    expect([latest(failed), latest(ok)]).toEqual(['failure', 'success']);
  });
});

describe('deleting deployments and environments', () => {
  it('deletes the repository’s only deployment whatever its status', async () => {
    const id = await deploy({ environment: 'pr-1', transient: true });
    await status(id, 'success');
    expect((await api(gh, 'DELETE', `${D}/${id}`)).status).toBe(204);
    expect(gh.state.deployments).toEqual([]);
    expect(gh.state.statuses).toEqual([]);
  });

  it('refuses an active deployment when there are others (422), accepts it once inactive (204)', async () => {
    const id = await deploy({ environment: 'pr-1', transient: true });
    await deploy({ environment: 'pr-2', transient: true });
    await status(id, 'success');
    const refused = await api(gh, 'DELETE', `${D}/${id}`);
    expect(refused.status).toBe(422);
    await status(id, 'inactive');
    expect((await api(gh, 'DELETE', `${D}/${id}`)).status).toBe(204);
    expect((await api(gh, 'DELETE', `${D}/${id}`)).status).toBe(404);
    expect(gh.state.deployments.map((d) => d.environment)).toEqual(['pr-2']);
  });

  it('creates the environment with the first deployment (settings.deploymentsCreateEnvironments)', async () => {
    await deploy({ environment: 'review/pr-3', transient: true });
    const list = await api(gh, 'GET', '/repos/acme/shop/environments');
    expect(list.body).toMatchObject({ total_count: 1, environments: [{ name: 'review/pr-3' }] });
    expect((await api(gh, 'GET', '/repos/acme/shop/environments/review%2Fpr-3')).body.name).toBe('review/pr-3');
    gh.settings.deploymentsCreateEnvironments = false;
    await deploy({ environment: 'pr-4', transient: true });
    expect(gh.state.environments.map((e) => e.name)).toEqual(['review/pr-3']);
  });

  it.each([
    ['the default GITHUB_TOKEN', {}, 403],
    ['an admin token (a PAT or App token with administration)', { admin: true }, 204],
  ])('DELETE …/environments/{name} with %s → %i', async (_what, spec, expected) => {
    const id = await deploy({ environment: 'review/pr-3', transient: true });
    await status(id, 'success');
    const token = 'admin' in spec ? gh.addToken({ login: 'release-bot', ...spec }) : gh.token;
    const answer = await api(gh, 'DELETE', '/repos/acme/shop/environments/review%2Fpr-3', undefined, token);
    expect(answer.status).toBe(expected);
    if (expected === 403) {
      expect(answer.body.message).toBe('Resource not accessible by integration');
      expect(gh.state.environments).toHaveLength(1);
    } else {
      expect(gh.state.environments).toEqual([]);
      expect(gh.state.deployments).toEqual([]);
      expect(gh.state.statuses).toEqual([]);
    }
    expect(gh.mutations().at(-1)).toMatchObject({
      method: 'DELETE',
      path: '/repos/acme/shop/environments/review/pr-3',
    });
  });

  it('answers 404 to an admin deleting an unknown environment', async () => {
    const admin = gh.addToken({ login: 'release-bot', admin: true });
    expect((await api(gh, 'DELETE', '/repos/acme/shop/environments/nope', undefined, admin)).status).toBe(404);
  });
});

describe('create-deployment answers', () => {
  it('keeps the 409 without required_contexts', async () => {
    const answer = await api(gh, 'POST', D, { ref: sha, environment: 'pr-1', auto_merge: false });
    expect(answer.status).toBe(409);
  });

  it('auto_merge (default true, settings.autoMergeDefault) merges main into a branch behind it: 202', async () => {
    gh.git.branch('feature');
    gh.git.commit({ 'main.txt': 'new\n' }, 'Main moves on');
    const answer = await api(gh, 'POST', D, { ref: 'feature', environment: 'pr-1', required_contexts: [] });
    expect(answer).toMatchObject({ status: 202, body: { message: 'Auto-merged main into feature on deployment.' } });
    expect(gh.state.deployments).toEqual([]);
    expect(gh.git.git(['show', 'feature:main.txt'])).toBe('new\n');
    const again = await api(gh, 'POST', D, { ref: 'feature', environment: 'pr-1', required_contexts: [] });
    expect(again.status).toBe(201);
  });

  it('plays auto_merge defaulting to false when asked', async () => {
    gh.settings.autoMergeDefault = false;
    gh.git.branch('feature');
    gh.git.commit({ 'main.txt': 'new\n' }, 'Main moves on');
    const answer = await api(gh, 'POST', D, { ref: 'feature', environment: 'pr-1', required_contexts: [] });
    expect(answer.status).toBe(201);
  });

  it('answers 409 when auto-merging conflicts', async () => {
    gh.git.branch('feature');
    gh.git.commit({ 'README.md': 'main\n' }, 'Main edits README');
    gh.git.commit({ 'README.md': 'feature\n' }, 'Feature edits README', { branch: 'feature' });
    gh.git.checkout('main');
    const answer = await api(gh, 'POST', D, { ref: 'feature', environment: 'pr-1', required_contexts: [] });
    expect(answer.status).toBe(409);
  });
});
