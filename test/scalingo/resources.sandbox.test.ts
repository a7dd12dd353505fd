import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeError } from '../../src/shared/errors.ts';
import { ScalingoApiError, ScalingoOperationError } from '../../src/scalingo/errors.ts';
import type { Backup } from '../../src/scalingo/types.ts';
import { expectNoSecretLeaked, startHarness, type Harness } from './sandbox-client.ts';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  h.sandbox.createApp('my-app', {
    variables: { RAILS_ENV: 'production', GREETING: 'hello' },
    addons: ['postgresql', 'redis'],
    scmRepoLink: { owner: 'acme', repo: 'shop', branch: 'main', headSha: 'a'.repeat(40) },
  });
  h.sandbox.createApp('plain-app');
});

afterEach(async () => {
  await h.sandbox.close();
});

describe('apps', () => {
  it('reads an app by name and by id', async () => {
    const app = await h.client.apps.get('my-app');
    expect(app).toMatchObject({ name: 'my-app', links: { deployments_stream: expect.stringMatching(/^ws:\/\//) } });
    expect((await h.client.apps.get(app.id)).name).toBe('my-app');
  });

  it('says which app is missing and what to check', async () => {
    const error = await h.client.apps.get('no-such-app').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-found', status: 404, userFacing: true });
    const host = new URL(h.sandbox.apiUrl).host;
    expect(describeError(error)).toBe(
      `Scalingo has no app named 'no-such-app' in this region (${host}) (or the token cannot see it): check \`app\` and \`region\`.`,
    );
  });

  it('restarts and waits for the operation', async () => {
    const { operationId } = await h.client.apps.restart('my-app', ['web']);
    expect(operationId).toBeTruthy();
    const operation = await h.client.operations.waitDone('my-app', operationId!);
    expect(operation).toMatchObject({ status: 'done', type: 'restart' });
    expect(h.sandbox.journal.find((e) => e.path === '/v1/apps/my-app/restart')?.body).toEqual({ scope: ['web'] });
  });

  it.each([
    ['a 503', { status: 503, times: 2 }],
    ['a dropped poll', { drop: true, times: 1 }],
  ])('keeps polling the operation after %s', async (_name, fault) => {
    const { operationId } = await h.client.apps.restart('my-app');
    h.sandbox.fault({ method: 'GET', path: `/v1/apps/my-app/operations/${operationId}`, ...fault });
    expect(await h.client.operations.waitDone('my-app', operationId!)).toMatchObject({ status: 'done' });
  });

  it('gives up waiting on an operation after timeoutMs', async () => {
    await h.sandbox.close();
    h = await startHarness({ phaseMs: 5000 });
    h.sandbox.createApp('my-app');
    const { operationId } = await h.client.apps.restart('my-app');
    const error = await h.client.operations
      .waitDone('my-app', operationId!, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScalingoOperationError);
    expect((error as Error).message).toMatch(
      /^Scalingo operation restart on 'my-app' is still (pending|running) after/,
    );
  });
});

describe('variables', () => {
  it('lists, bulk-upserts and deletes', async () => {
    const before = await h.client.variables.list('my-app');
    expect(before.map((v) => v.name)).toEqual(
      expect.arrayContaining(['RAILS_ENV', 'GREETING', 'SCALINGO_POSTGRESQL_URL']),
    );
    const upserted = await h.client.variables.upsert('my-app', [
      { name: 'GREETING', value: 'bonjour' },
      { name: 'NEW_ONE', value: '1' },
    ]);
    expect(upserted.map((v) => [v.name, v.value])).toEqual([
      ['GREETING', 'bonjour'],
      ['NEW_ONE', '1'],
    ]);
    const greeting = upserted.find((v) => v.name === 'GREETING')!;
    expect(greeting.id).toBe(before.find((v) => v.name === 'GREETING')!.id);
    await h.client.variables.delete('my-app', greeting.id);
    const after = await h.client.variables.list('my-app', { aliases: false });
    expect(after.map((v) => v.name)).not.toContain('GREETING');
    expect(after.find((v) => v.name === 'NEW_ONE')?.value).toBe('1');
    expect(
      h.sandbox.journal
        .filter((e) => e.path === '/v1/apps/my-app/variables' && e.method === 'GET')
        .map((e) => e.query.aliases),
    ).toEqual(['true', 'false']);
  });

  it('retries the bulk upsert after a 502 (it is idempotent)', async () => {
    h.sandbox.fault({ method: 'PUT', path: '/v1/apps/my-app/variables', status: 502 });
    await h.client.variables.upsert('my-app', [{ name: 'A', value: '1' }]);
    expect(h.sandbox.app('my-app').variables.filter((v) => v.name === 'A')).toHaveLength(1);
  });

  it('renders a 422 as "field: message"', async () => {
    const error = await h.client.variables.upsert('my-app', [{ name: '1BAD', value: 'x' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScalingoApiError);
    expect(error).toMatchObject({ kind: 'validation', status: 422 });
    expect((error as Error).message).toMatch(
      /^Scalingo rejected the request to set environment variables 1BAD on 'my-app': \w+: .+\.$/,
    );
  });
});

describe('addons and database backups', () => {
  async function postgres(): Promise<string> {
    const addons = await h.client.addons.list('my-app');
    const pg = addons.find((a) => a.addon_provider.id === 'postgresql');
    expect(pg?.id).toMatch(/^ad-/);
    return pg!.id;
  }

  it('lists addons and gets a masked addon token', async () => {
    const addons = await h.client.addons.list('my-app');
    expect(addons.map((a) => a.addon_provider.id).sort()).toEqual(['postgresql', 'redis']);
    const token = await h.client.addons.token('my-app', addons[0]!.id);
    expect(token.split('.')).toHaveLength(3);
    expect(h.logger.masked).toContain(token);
  });

  it('creates a backup, follows it to done and lists it', async () => {
    const addonId = await postgres();
    const backup = await h.client.backups.create('my-app', addonId);
    expect(backup.status).toBe('scheduled');
    const seen: string[] = [];
    const done = await h.client.backups.waitDone('my-app', addonId, backup.id, {
      onStatus: (b: Backup) => seen.push(b.status),
    });
    expect(done).toMatchObject({ id: backup.id, status: 'done' });
    expect(seen.at(-1)).toBe('done');
    expect(new Set(seen).size).toBe(seen.length);
    expect((await h.client.backups.list('my-app', addonId)).map((b) => b.id)).toContain(backup.id);
    expect(h.sandbox.journal.some((e) => e.path === `/api/backups/${backup.id}` && e.auth === 'bearer')).toBe(true);
    // The DB API never sees the user JWT, and addon tokens are cached, not fetched per request.
    const tokenCalls = h.sandbox.journal.filter((e) => e.path.endsWith('/token'));
    expect(tokenCalls).toHaveLength(1);
    expectNoSecretLeaked(h);
  });

  it('fails with the backup status when it ends in error', async () => {
    h.sandbox.backupScenario('my-app', { status: 'error' });
    const addonId = await postgres();
    const backup = await h.client.backups.create('my-app', addonId);
    const error = await h.client.backups.waitDone('my-app', addonId, backup.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScalingoOperationError);
    expect((error as Error).message).toContain(
      `The backup ${backup.id} of the database ${addonId} of 'my-app' ended with status 'error'`,
    );
  });

  it('gets a new addon token after a 401 from the database API and keeps polling through 503s', async () => {
    const addonId = await postgres();
    const backup = await h.client.backups.create('my-app', addonId);
    h.sandbox.fault({ path: `/api/backups/${backup.id}`, status: 401 });
    h.sandbox.fault({ path: `/api/backups/${backup.id}`, status: 503 });
    await h.client.backups.waitDone('my-app', addonId, backup.id);
    expect(h.sandbox.journal.filter((e) => e.path.endsWith('/token'))).toHaveLength(2);
    expectNoSecretLeaked(h);
  });
});

describe('SCM repo link and review apps', () => {
  it('reads the link, or null when the app has none', async () => {
    expect(await h.client.scmRepoLink.get('my-app')).toMatchObject({ owner: 'acme', repo: 'shop', branch: 'main' });
    expect(await h.client.scmRepoLink.get('plain-app')).toBeNull();
    await expect(h.client.scmRepoLink.get('no-such-app')).rejects.toMatchObject({ kind: 'not-found', resource: 'app' });
  });

  it('starts a manual deploy of the branch head', async () => {
    const deployment = await h.client.scmRepoLink.manualDeploy('my-app', 'main');
    expect(deployment.git_ref).toBe('a'.repeat(40));
    expect(h.sandbox.journal.find((e) => e.path.endsWith('/manual_deploy'))?.body).toEqual({ branch: 'main' });
  });

  it('asks for a review app and finds it in the list', async () => {
    await h.client.scmRepoLink.manualReviewApp('my-app', 42);
    const reviewApps = await h.client.scmRepoLink.reviewApps('my-app');
    expect(reviewApps).toHaveLength(1);
    expect(reviewApps[0]).toMatchObject({
      app_name: 'my-app-pr42',
      parent_app_name: 'my-app',
      pull_request: { number: 42 },
    });
  });

  it('reports a missing repository link on manual deploy', async () => {
    const error = await h.client.scmRepoLink.manualDeploy('plain-app', 'main').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-found', resource: 'scm_repo_link' });
    expect((error as Error).message).toMatch(
      /^Scalingo found no scm_repo_link while trying to start a manual deployment of branch 'main' on 'plain-app'/,
    );
  });
});
