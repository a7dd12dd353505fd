// The review-app bundle in its other situations: integration mode (Scalingo makes the review app),
// a copy of the parent's data, the scheduled cleanup, a manual run, an addon that never runs, and
// two runs for one pull request at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientTools } from '../../sandbox/scalingo/pg-tools.ts';
import { LINKED, PARENT, reviewAppOf, startReviewWorld, type ReviewWorld } from '../helpers/review-world.ts';

const postgres = 'postgresql:postgresql-starter-512';
const errorOf = (result: { annotations: { level: string; message: string }[] }) =>
  result.annotations.find((a) => a.level === 'error')?.message ?? '';

let world: ReviewWorld;
beforeAll(async () => {
  world = await startReviewWorld();
});
afterAll(async () => {
  await world.close();
});

describe('mode: integration', () => {
  const name = `${LINKED}-pr80`;
  beforeAll(() => world.link({ delete_on_close_enabled: false }));

  it('opened: asks Scalingo for the review app, finds it by number, follows its deployment of the head', async () => {
    const pr = world.open(80);
    await world.declare(80);
    const result = await world.run({ mode: 'integration', 'parent-app': LINKED }, { number: 80, action: 'opened' });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ app: name, action: 'created', status: 'success' });
    const asked = world.scalingo.journal.filter((e) => e.path === `/v1/apps/${LINKED}/scm_repo_link/manual_review_app`);
    expect(asked.map((e) => e.body)).toEqual([{ pull_request_id: 80 }]);
    // Scalingo deployed it; the action only followed.
    expect(world.scalingo.journal.some((e) => e.method === 'POST' && e.path === `/v1/apps/${name}/deployments`)).toBe(
      false,
    );
    expect(world.scalingo.app(name).deployments.map((d) => [d.gitRef, d.status])).toEqual([[pr.headSha, 'success']]);
    const deployment = world.github.state.deployments.find((d) => d.environment === 'review/pr-80')!;
    expect(deployment).toMatchObject({ sha: pr.headSha, transient_environment: true });
    expect(world.comments(80)).toHaveLength(1);
  });

  it('synchronize: follows the redeploy Scalingo starts for the new head, without asking again', async () => {
    const { after } = world.github.git.pushToPullRequest(80, { files: { 'feature-80.txt': 'v2\n' } });
    await world.declare(80);
    const result = await world.run(
      { mode: 'integration', 'parent-app': LINKED },
      { number: 80, action: 'synchronize' },
    );

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ app: name, action: 'updated', status: 'success' });
    expect(world.scalingo.app(name).deployments.at(-1)!.gitRef).toBe(after);
    expect(world.scalingo.journal.filter((e) => e.path.endsWith('/manual_review_app'))).toHaveLength(1);
    expect(world.comments(80)).toHaveLength(1);
  });

  it('closed: deletes the review app Scalingo kept (delete on close off)', async () => {
    world.github.git.closePullRequest(80);
    await world.scalingo.closePullRequest(LINKED, 80);
    const result = await world.run({ mode: 'integration', 'parent-app': LINKED }, { number: 80, action: 'closed' });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.action).toBe('deleted');
    expect(() => world.scalingo.app(name)).toThrow(/no app named/);
    expect(world.comments(80)[0]).toContain('deleted');
  });

  it('refuses a parent without a linked repository, naming mode', async () => {
    world.open(81);
    const before = world.scalingo.mutations().length;
    const result = await world.run({ mode: 'integration' }, { number: 81, action: 'opened' });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(/Input 'mode': integration needs a repository linked to shop-staging/);
    expect(world.scalingo.mutations()).toHaveLength(before);
  });
});

describe('mode: integration, when Scalingo does not redeploy a push', () => {
  let quiet: ReviewWorld;
  beforeAll(async () => {
    quiet = await startReviewWorld({ reviewAppsAutoDeploy: false });
    quiet.link();
  });
  afterAll(async () => {
    await quiet.close();
  });

  it('deploys the head itself after a quarter of timeout, and says so', async () => {
    quiet.open(82);
    await quiet.declare(82);
    const first = await quiet.run({ mode: 'integration', 'parent-app': LINKED }, { number: 82, action: 'opened' });
    expect(first.exitCode, first.stdout).toBe(0);
    const { after } = quiet.github.git.pushToPullRequest(82, { files: { 'feature-82.txt': 'v2\n' } });
    await quiet.declare(82);
    const result = await quiet.run(
      { mode: 'integration', 'parent-app': LINKED, timeout: '8s' },
      { number: 82, action: 'synchronize' },
    );

    expect(result.exitCode, result.stdout).toBe(0);
    const app = quiet.scalingo.app(`${LINKED}-pr82`);
    expect(app.deployments.at(-1)!.gitRef).toBe(after);
    const ours = quiet.scalingo.journal.filter(
      (e) => e.method === 'POST' && e.path === `/v1/apps/${LINKED}-pr82/deployments`,
    );
    expect(ours).toHaveLength(1);
    expect(result.stdout).toContain(`Scalingo did not deploy ${after.slice(0, 7)} by itself: this run deployed it.`);
  });
});

describe.skipIf(!clientTools())('database: copy-of-parent', () => {
  it("restores the parent's latest done backup into the review app's own database, then seeds it; the parent is untouched", async () => {
    const parent = world.scalingo.database(PARENT);
    await parent.query(
      'CREATE TABLE products (id int PRIMARY KEY, name text); INSERT INTO products VALUES (1, $$tea$$), (2, $$cake$$)',
    );
    const backup = await world.scalingo.takeBackup(PARENT);
    expect(backup.status).toBe('done');
    await parent.query('INSERT INTO products VALUES (3, $$after the backup$$)');

    world.open(85);
    const seed = 'psql "$DATABASE_URL" -qc "INSERT INTO products VALUES (10, \'review\')"';
    const result = await world.run(
      { addons: postgres, database: 'copy-of-parent', seed },
      { number: 85, action: 'opened' },
    );

    expect(result.exitCode, result.stdout).toBe(0);
    const copy = world.scalingo.database(reviewAppOf(85));
    expect(copy.url).not.toBe(parent.url);
    expect(await copy.query('SELECT id, name FROM products ORDER BY id')).toEqual([
      { id: 1, name: 'tea' },
      { id: 2, name: 'cake' },
      { id: 10, name: 'review' },
    ]);
    expect(await parent.query('SELECT count(*)::int AS n FROM products')).toEqual([{ n: 3 }]);

    // The signed archive URL went to the one-off's environment, masked; never on a command line.
    const [restore] = world.scalingo.app(reviewAppOf(85)).oneOffs;
    const url = restore!.env.BACKUP_ARCHIVE_URL!;
    expect(url).toContain('/db-archives/');
    expect(restore!.command).not.toContain(url);
    expect(result.masks).toContain(url);
    expect(result.everything).not.toContain(new URL(url).searchParams.get('token'));
    expect(world.comments(85)[0]).toMatch(/Restore of shop-staging's backup .*: done/);
  });
});

describe('cleanup: true on a schedule', () => {
  it('deletes the review apps of closed pull requests and the idle ones, keeps the rest, and lists them', async () => {
    for (const n of [90, 91, 92]) {
      world.open(n);
      world.scalingo.createApp(reviewAppOf(n), { parent: PARENT });
    }
    world.scalingo.createApp(`${PARENT}-worker`, { parent: PARENT });
    world.github.git.closePullRequest(90);
    const idle = world.scalingo.startDeployment(reviewAppOf(91), { gitRef: world.github.git.head() });
    const fresh = world.scalingo.startDeployment(reviewAppOf(92), { gitRef: world.github.git.head() });
    world.scalingo.app(reviewAppOf(91)).deployments.find((d) => d.id === idle)!.createdAt = '2026-01-05T10:00:00.000Z';
    expect(fresh).toBeTruthy();

    const result = await world.run({ cleanup: 'true', 'max-age': '7d' }, undefined, {
      eventName: 'schedule',
    });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(() => world.scalingo.app(reviewAppOf(90))).toThrow(/no app named/);
    expect(() => world.scalingo.app(reviewAppOf(91))).toThrow(/no app named/);
    expect(world.scalingo.app(reviewAppOf(92)).name).toBe(reviewAppOf(92));
    expect(world.scalingo.app(`${PARENT}-worker`).name).toBe(`${PARENT}-worker`);
    expect(result.summary).toContain(`${reviewAppOf(90)}`);
    expect(result.summary).toContain('its pull request was closed');
    expect(result.summary).toMatch(new RegExp(`${reviewAppOf(91)}.*no deployment for`));
    expect(result.summary).not.toContain(reviewAppOf(92));
  });
});

describe('other runs', () => {
  it('workflow_dispatch with pr-number: creates the review app of that pull request at its head', async () => {
    const pr = world.open(97);
    const result = await world.run({ 'pr-number': '97' }, undefined, { eventName: 'workflow_dispatch' });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ app: reviewAppOf(97), action: 'created' });
    expect(world.scalingo.app(reviewAppOf(97)).deployments.map((d) => d.gitRef)).toEqual([pr.headSha]);
  });

  it('an addon that never runs: fails after addon-timeout, leaves the review app as it is, says so in the comment', async () => {
    world.open(95);
    world.scalingo.addonScenario(reviewAppOf(95), { neverRunning: true });
    const result = await world.run({ addons: postgres, 'addon-timeout': '2s' }, { number: 95, action: 'opened' });

    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(
      /is still 'provisioning' after the `addon-timeout`: the review app is left as it is/,
    );
    expect(world.scalingo.app(reviewAppOf(95)).addons.map((a) => a.status)).toEqual(['provisioning']);
    expect(world.scalingo.app(reviewAppOf(95)).deployments).toEqual([]);
    expect(world.github.state.deployments.filter((d) => d.environment === 'review/pr-95')).toEqual([]);
    const [comment] = world.comments(95);
    expect(comment).toContain('failed');
    expect(comment).toContain('addon-timeout');
  });

  it('two runs for one pull request at once: one review app, one addon, one comment', async () => {
    world.open(96);
    const [a, b] = await Promise.all([
      world.run({ addons: postgres }, { number: 96, action: 'opened' }),
      world.run({ addons: postgres }, { number: 96, action: 'opened' }),
    ]);

    expect([a.exitCode, b.exitCode], a.stdout + b.stdout).toEqual([0, 0]);
    const creates = world.scalingo.journal.filter(
      (e) =>
        e.method === 'POST' &&
        e.path === `/v1/apps/${PARENT}/child_apps` &&
        JSON.stringify(e.body).includes(reviewAppOf(96)),
    );
    expect(creates.filter((e) => e.status === 201)).toHaveLength(1);
    expect(new Set([a.outputs.app, b.outputs.app])).toEqual(new Set([reviewAppOf(96)]));
    expect(world.scalingo.app(reviewAppOf(96)).addons).toHaveLength(1);
    expect(world.comments(96)).toHaveLength(1);
  });
});
