// Fidelity check with a client none of us wrote: Scalingo's own JavaScript client (npm `scalingo`)
// drives the sandbox for everything it covers.
import { readFileSync } from 'node:fs';
import { clientFromToken, type Client } from 'scalingo';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/scalingo/index.ts';
import { makeArchive, until, upload } from './test-helpers.ts';

let sandbox: Sandbox;
let client: Client;
const SHA = '0f4b3c2a1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a';

beforeEach(async () => {
  sandbox = await startSandbox({ phaseMs: 20 });
  sandbox.createApp('my-app', {
    variables: { RAILS_ENV: 'production' },
    scmRepoLink: { owner: 'acme', repo: 'shop', branch: 'main', headSha: SHA },
  });
  client = await clientFromToken(sandbox.apiToken, { apiUrl: sandbox.apiUrl, authApiUrl: sandbox.authUrl });
});
afterEach(async () => {
  await sandbox.close();
});

describe('the official scalingo npm client against the sandbox', () => {
  it('exchanges the token and finds apps', async () => {
    expect(sandbox.journal[0]).toMatchObject({
      method: 'POST',
      path: '/v1/tokens/exchange',
      status: 200,
      auth: 'basic',
    });
    const app = await client.Apps.find('my-app');
    expect(app.name).toBe('my-app');
    expect((await client.Apps.all()).map((a) => a.name)).toEqual(['my-app']);
    await expect(client.Apps.find('nope')).rejects.toMatchObject({
      status: 404,
      data: { resource: 'app', error: 'not found' },
    });
  });

  it('refuses a wrong API token', async () => {
    await expect(
      clientFromToken('tk-us-wrong', { apiUrl: sandbox.apiUrl, authApiUrl: sandbox.authUrl }),
    ).rejects.toMatchObject({ status: 401, data: { error: 'Invalid credentials' } });
  });

  it('creates a deployment, follows it with the deployment listener, finds, lists it and reads its logs', async () => {
    const jwt = (client as unknown as { _token: string })._token;
    const sourceUrl = await upload(
      sandbox,
      jwt,
      readFileSync(makeArchive({ Procfile: 'postdeploy: echo hook ran\n' })),
    );
    const listener = await client.Apps.deploymentListener('my-app');
    const statuses: string[] = [];
    const logs: string[] = [];
    let newId = '';
    listener.onNew((data) => (newId = (data as unknown as { deployment: { id: string } }).deployment.id));
    listener.onLog((data) => logs.push((data as unknown as { content: string }).content));
    const ended = new Promise<void>((resolve) =>
      listener.onStatus((data) => {
        const { status } = data as unknown as { status: string };
        statuses.push(status);
        if (status === 'success') resolve();
      }),
    );
    await until(() => (sandbox.streamCount('my-app') === 1 ? true : undefined));
    const created = await client.Deployments.create('my-app', { git_ref: 'v1.0.0', source_url: sourceUrl });
    expect(created.status).toBe('queued');
    await ended;
    listener.close();
    expect(newId).toBe(created.id);
    expect(statuses).toEqual(['queued', 'building', 'pushing', 'starting', 'success']);
    expect(logs).toContain('hook ran');
    const found = await client.Deployments.find('my-app', created.id);
    expect(found).toMatchObject({ id: created.id, status: 'success', git_ref: 'v1.0.0' });
    const list = (await client.Deployments.for('my-app', { page: 1, per_page: 20 })) as unknown as {
      deployments: { id: string }[];
      meta: { pagination: { total_count: number } };
    };
    expect(list.deployments.map((d) => d.id)).toEqual([created.id]);
    expect(list.meta.pagination.total_count).toBe(1);
    expect(await client.Deployments.logs('my-app', created.id)).toContain('hook ran');
  });

  it('lists and bulk-updates the environment, creates, updates and destroys variables', async () => {
    expect((await client.Environment.for('my-app')).map((v) => `${v.name}=${v.value}`)).toEqual([
      'RAILS_ENV=production',
    ]);
    const updated = await client.Environment.bulkUpdate('my-app', [
      { name: 'RAILS_ENV', value: 'staging' },
      { name: 'WEB_CONCURRENCY', value: '2' },
    ]);
    expect(updated.map((v) => `${v.name}=${v.value}`)).toEqual(['RAILS_ENV=staging', 'WEB_CONCURRENCY=2']);
    const created = await client.Environment.create('my-app', { name: 'FEATURE', value: 'on' });
    expect((await client.Environment.update('my-app', created.id, 'off')).value).toBe('off');
    await client.Environment.destroy('my-app', created.id);
    await client.Environment.bulkDestroy(
      'my-app',
      updated.map((v) => v.id),
    );
    expect(await client.Environment.for('my-app')).toEqual([]);
  });

  it('restarts (following the Location header) and polls the operation until done', async () => {
    const operation = await client.Containers.restart('my-app', ['web'] as unknown as string);
    expect(operation).toMatchObject({ type: 'restart', id: expect.any(String) });
    const done = await until(async () => {
      const op = await client.Operations.operation('my-app', operation.id ?? '');
      return op.status === 'done' ? op : undefined;
    });
    expect(done).toMatchObject({ id: operation.id, type: 'restart' });
  });

  it('starts a one-off container', async () => {
    const container = await client.Containers.run('my-app', { command: 'echo hi', detached: true });
    expect(container).toMatchObject({ type: 'one-off', label: 'one-off-1' });
  });

  it('reads the SCM repo link, deploys manually, creates and lists review apps', async () => {
    expect(await client.SCMRepoLinks.find('my-app')).toMatchObject({ owner: 'acme', repo: 'shop', branch: 'main' });
    const deployment = await client.SCMRepoLinks.manualDeploy('my-app', 'main');
    expect(deployment).toMatchObject({ git_ref: SHA, status: 'queued' });
    await client.SCMRepoLinks.manualReviewApp('my-app', '42');
    const reviewApps = await client.SCMRepoLinks.reviewApps('my-app');
    expect(reviewApps.map((r) => r.app_name)).toEqual(['my-app-pr42']);
  });

  it('lists addons', async () => {
    sandbox.createApp('with-db', { addons: ['postgresql'] });
    const addons = await client.Addons.for('with-db');
    expect(addons.map((a) => a.addon_provider.id)).toEqual(['postgresql']);
  });

  it('lists providers, provisions an addon, reads it until running and deprovisions it', async () => {
    const providers = await client.Addons.listProviders();
    const postgresql = providers.find((p) => p.name === 'PostgreSQL');
    const plan = postgresql?.plans?.find((p) => p.name === 'postgresql-starter-512');
    expect(plan?.id).toMatch(/^[0-9a-f]{24}$/);
    const addon = await client.Addons.create('my-app', {
      addon_provider_id: postgresql?.id ?? '',
      plan_id: plan?.id ?? '',
    });
    expect(addon).toMatchObject({ status: 'provisioning', plan: { name: 'postgresql-starter-512' } });
    await until(async () =>
      (await client.Addons.getAddon('my-app', addon.id)).status === 'running' ? true : undefined,
    );
    expect((await client.Environment.for('my-app')).map((v) => v.name)).toEqual(
      expect.arrayContaining(['SCALINGO_POSTGRESQL_URL', 'DATABASE_URL']),
    );
    await client.Addons.destroy('my-app', addon.id);
    expect(await client.Addons.for('my-app')).toEqual([]);
  });

  it('creates a child app with parent_id and destroys it', async () => {
    const parent = await client.Apps.find('my-app');
    const child = await client.Apps.create({ name: 'my-app-child', parent_id: parent.id });
    expect(child).toMatchObject({ name: 'my-app-child', parent_app_name: 'my-app' });
    await client.Apps.destroy('my-app-child', 'my-app-child');
    await expect(client.Apps.find('my-app-child')).rejects.toMatchObject({ status: 404 });
  });

  it('lists running processes and autoscalers', async () => {
    sandbox.startDeployment('my-app', { gitRef: 'v1' });
    await until(() => (sandbox.app('my-app').status === 'running' ? true : undefined));
    expect((await client.Containers.processes('my-app')).map((p) => p.label)).toEqual(['web-1']);
    expect(await client.Autoscalers.for('my-app')).toEqual([]);
  });

  it('lists the pull requests of the link', async () => {
    sandbox.pullRequest('my-app', { number: 7, headSha: SHA, title: 'Checkout' });
    expect((await client.SCMRepoLinks.pulls('my-app')).map((p) => [p.number, p.title])).toEqual([[7, 'Checkout']]);
  });
});
