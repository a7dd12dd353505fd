// Maintenance around a production release, through dist/deploy-production/index.js: the app's own
// variables and a restart waited for, before the window; put back and restarted after it, always:
// after a failed migration and its rollback, after a failed deployment, after a cancelled job.
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../sandbox/scalingo/index.ts';
import { APP, startProductionWorld, type ProductionWorld } from '../helpers/production-world.ts';

let world: ProductionWorld;
beforeEach(async () => {
  world = await startProductionWorld();
});
afterEach(async () => {
  await world.close();
});

const variables = () => Object.fromEntries(world.scalingo.app(APP).variables.map((v) => [v.name, v.value]));
const journal = () => world.scalingo.journal;
const at = (test: (e: JournalEntry) => boolean, from = 0) => journal().findIndex((e, i) => i >= from && test(e));
const lastAt = (test: (e: JournalEntry) => boolean) => journal().findLastIndex(test);
const isPut = (e: JournalEntry) => e.method === 'PUT' && e.path === `/v1/apps/${APP}/variables`;
const isDelete = (e: JournalEntry) => e.method === 'DELETE' && e.path === `/v1/apps/${APP}/variables`;
const isRestart = (e: JournalEntry) => e.method === 'POST' && e.path === `/v1/apps/${APP}/restart`;
const isRun = (e: JournalEntry) => e.method === 'POST' && e.path === `/v1/apps/${APP}/run`;
const isDeploy = (e: JournalEntry) => e.method === 'POST' && e.path === `/v1/apps/${APP}/deployments`;
const error = (messages: { level: string; message: string }[]) => messages.find((a) => a.level === 'error')?.message;

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('deploy-production maintenance', () => {
  it('during-post-deploy: a failed migration rolls back, then maintenance is lifted', async () => {
    const result = await world.run({
      maintenance: 'during-post-deploy',
      'post-deploy': 'test "$MAINTENANCE_ENABLE" = 1 && echo migrating-in-maintenance\nexit 3',
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['rolled-back']).toBe('true');
    // Set, restarted into maintenance, then the commands, the rollback, and only then lifted.
    const put = at(isPut);
    const enter = at(isRestart, put);
    const firstRun = at(isRun);
    const rollback = lastAt(isDeploy);
    const lift = lastAt(isDelete);
    const leave = lastAt(isRestart);
    expect((journal()[put]!.body as { variables: unknown }).variables).toEqual([
      { name: 'MAINTENANCE_ENABLE', value: '1' },
    ]);
    expect(put).toBeGreaterThan(at(isDeploy));
    expect(enter).toBeLessThan(firstRun);
    expect(rollback).toBeGreaterThan(firstRun);
    expect(lift).toBeGreaterThan(rollback);
    expect(leave).toBeGreaterThan(lift);
    expect(world.scalingo.app(APP).oneOffs[0]!.output).toContain('migrating-in-maintenance');
    expect(variables()).not.toHaveProperty('MAINTENANCE_ENABLE');
    expect(world.scalingo.app(APP).runningVariables).not.toHaveProperty('MAINTENANCE_ENABLE');
    expect(result.summary).toMatch(
      /- Maintenance \(during-post-deploy\): `MAINTENANCE_ENABLE`; the app was in maintenance for \d+s, then lifted/,
    );
    expect(result.summary).toMatch(/\| maintenance \| ✅ success \| \d+s \| MAINTENANCE_ENABLE set, then lifted/);
    expect(error(result.annotations)).toMatch(/Rolled back: shop runs v1\.2\.0 again/);
  });

  it('during-release: set before the deploy, previous values put back, lifted before the health check', async () => {
    world.scalingo.app(APP).variables.push({ id: 'banner-1', name: 'MAINTENANCE_BANNER_MESSAGE', value: 'Welcome!' });
    const result = await world.run({
      maintenance: 'during-release',
      'maintenance-variables': 'MAINTENANCE_BANNER_ENABLE=1\nMAINTENANCE_BANNER_MESSAGE=Back in 10 minutes',
      'post-deploy': 'echo migrate',
      'health-check': '/healthz',
    });
    expect(result.exitCode, result.stdout).toBe(0);
    const enter = at(isRestart);
    expect(at(isPut)).toBeLessThan(enter);
    expect(enter).toBeLessThan(at(isDeploy));
    const leave = lastAt(isRestart);
    const health = at((e) => e.path.startsWith(`/web/${APP}/healthz`));
    expect(leave).toBeGreaterThan(at(isRun));
    expect(health).toBeGreaterThan(leave);
    expect(variables()).toMatchObject({ MAINTENANCE_BANNER_MESSAGE: 'Welcome!' });
    expect(variables()).not.toHaveProperty('MAINTENANCE_BANNER_ENABLE');
    expect(world.scalingo.app(APP).runningVariables).toMatchObject({ MAINTENANCE_BANNER_MESSAGE: 'Welcome!' });
    expect(result.summary).toMatch(/the app was in maintenance for \d+s, then lifted/);
  });

  it('during-release: a crashed deployment leaves the previous version and lifts maintenance', async () => {
    world.scalingo.deploymentScenario(APP, { status: 'crashed-error', runtimeLogLines: ['KeyError: SECRET_KEY'] });
    const result = await world.run({ maintenance: 'during-release' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('crashed-error');
    expect(lastAt(isDelete)).toBeGreaterThan(at(isDeploy));
    expect(variables()).not.toHaveProperty('MAINTENANCE_ENABLE');
    expect(result.summary).toMatch(/then lifted/);
    expect(result.summary).toMatch(
      /### Last 1 lines of the runtime logs\n\n```text\n.*\[web-1\] KeyError: SECRET_KEY\n```/,
    );
  });

  it('a failure to lift fails the step loudly with the exact commands, even after a good release', async () => {
    world.scalingo.fault({ method: 'DELETE', path: `/v1/apps/${APP}/variables`, status: 422, times: Infinity });
    const result = await world.run({ maintenance: 'during-release', 'notify-webhook': world.webhook.url });
    expect(result.exitCode).toBe(1);
    expect(world.scalingo.app(APP).deployments.at(-1)).toMatchObject({ gitRef: world.sha.v130, status: 'success' });
    const command = 'scalingo --app shop env-unset MAINTENANCE_ENABLE && scalingo --app shop restart';
    expect(result.annotations).toContainEqual({
      level: 'error',
      title: 'Maintenance NOT lifted',
      message: expect.stringMatching(/^shop is STILL IN MAINTENANCE: lifting it failed \(.*\)\. Lift it by hand now: /),
    });
    expect(error(result.annotations)).toContain(command);
    expect(result.summary).toContain(`**shop is STILL IN MAINTENANCE**`);
    expect(result.summary).toContain(command);
    expect(world.webhook.received[0]!.text).toMatch(/^:rocket: v1\.3\.0 released on shop/);
    expect(world.webhook.received[0]!.text).toContain(`STILL IN MAINTENANCE: ${command}`);
  });

  const inCommand = () => world.scalingo.app(APP).oneOffs[0]?.state === 'running';
  const cancelWhen = (signal: NodeJS.Signals) => (child: ChildProcess) =>
    void until(inCommand).then(() => child.kill(signal));

  it('a job cancelled during the migration (SIGTERM) lifts maintenance; its post step finds nothing left', async () => {
    const inputs = { maintenance: 'during-post-deploy', 'post-deploy': 'sleep 30' };
    const result = await world.run(inputs, { onSpawn: cancelWhen('SIGTERM') });
    expect(result.exitCode).toBe(1);
    expect(variables()).not.toHaveProperty('MAINTENANCE_ENABLE');
    expect(result.state.maintenance).toBe('');
    const restarts = journal().filter(isRestart).length;
    const post = await world.run(inputs, { state: result.state });
    expect(post.exitCode).toBe(0);
    expect(journal().filter(isRestart)).toHaveLength(restarts);
  });

  it('a job killed during the migration (SIGKILL): the post step lifts maintenance', async () => {
    const inputs = { maintenance: 'during-post-deploy', 'post-deploy': 'sleep 30' };
    const result = await world.run(inputs, { onSpawn: cancelWhen('SIGKILL') });
    expect(result.exitCode).toBe(null);
    expect(variables()).toMatchObject({ MAINTENANCE_ENABLE: '1' });
    const post = await world.run(inputs, { state: result.state });
    expect(post.exitCode, post.stdout).toBe(0);
    expect(variables()).not.toHaveProperty('MAINTENANCE_ENABLE');
    expect(world.scalingo.app(APP).runningVariables).not.toHaveProperty('MAINTENANCE_ENABLE');
    expect(lastAt(isRestart)).toBeGreaterThan(lastAt(isDelete));
    expect(post.summary).toMatch(/Maintenance lifted on shop: MAINTENANCE_ENABLE put back as they were/);
  });

  it.each([
    [
      'a bad mode',
      { maintenance: 'sometimes' },
      /^Input 'maintenance': 'sometimes' is not one of off, during-post-deploy, during-release/,
    ],
    [
      'during-post-deploy without commands',
      { maintenance: 'during-post-deploy' },
      /^Input 'maintenance': is 'during-post-deploy' but there are no post-deploy commands/,
    ],
    [
      'a bad variable line',
      { maintenance: 'during-release', 'maintenance-variables': 'MAINTENANCE ON' },
      /^Input 'maintenance-variables': line 1 has no '='/,
    ],
  ])('%s: input error, nothing changed', async (_what, inputs, message) => {
    const result = await world.run(inputs);
    expect(result.exitCode).toBe(1);
    expect(error(result.annotations)).toMatch(message);
    expect(world.scalingo.mutations()).toEqual([]);
  });
});
