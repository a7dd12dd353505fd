// The review-app bundle against both sandboxes, as a pull request's life drives it: opened, pushed
// to, closed; and the runs that must change nothing (a fork, a bot, bad input, the limit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientTools } from '../../sandbox/scalingo/pg-tools.ts';
import { PARENT, reviewAppOf, scalingoCalls, startReviewWorld, type ReviewWorld } from '../helpers/review-world.ts';

const SEED = 'psql "$DATABASE_URL" -qc "CREATE TABLE visits (n int); INSERT INTO visits VALUES (1), (2)"';
const INPUTS = {
  addons: 'postgresql:postgresql-starter-512',
  env: 'DJANGO_ALLOWED_HOSTS=%APP_HOST%\nSEND_EMAILS=false\nREVIEW_URL=%APP_URL%/pr/%PR_NUMBER%',
  'unset-env': 'SENTRY_DSN',
  seed: SEED,
};

let world: ReviewWorld;
beforeAll(async () => {
  world = await startReviewWorld();
});
afterAll(async () => {
  await world.close();
});

const deploymentsOf = (environment: string) =>
  world.github.state.deployments.filter((d) => d.environment === environment);
const statesOf = (id: number) => world.github.state.statuses.filter((s) => s.deployment_id === id).map((s) => s.state);

describe.skipIf(!clientTools())('a pull request from opened to closed (child-app mode)', () => {
  const name = reviewAppOf(42);

  it('opened: creates the review app, provisions its own PostgreSQL, deploys the head SHA, seeds it once', async () => {
    const pr = world.open(42);
    const result = await world.run(INPUTS, { number: 42, action: 'opened' });

    expect(result.exitCode, result.stderr + result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ app: name, action: 'created', status: 'success' });
    const app = world.scalingo.app(name)!;
    expect(app.parentName).toBe(PARENT);
    expect(result.outputs['app-url']).toBe(`${world.scalingo.url}/web/${name}`);
    // The head, not the merge commit GitHub runs the workflow on.
    expect(app.deployments.map((d) => d.gitRef)).toEqual([pr.headSha]);
    expect(result.outputs['deployment-id']).toBe(app.deployments[0]!.id);
    expect(app.addons.map((a) => [a.providerId, a.status])).toEqual([['postgresql', 'running']]);

    const vars = Object.fromEntries(app.variables.map((v) => [v.name, v.value]));
    expect(vars.DJANGO_ALLOWED_HOSTS).toBe(new URL(world.scalingo.url).host);
    expect(vars.REVIEW_URL).toBe(`${world.scalingo.url}/web/${name}/pr/42`);
    expect(vars.SEND_EMAILS).toBe('false');
    expect(vars.SENTRY_DSN).toBeUndefined();
    expect(vars.SECRET_KEY).toBe('parent-secret-key-value');
    expect(vars.REVIEW_APP_SEEDED).toBe(pr.headSha);

    // The seed ran once, in the review app, against the review app's own database only.
    // (One container, its command wrapped between post-deploy's markers.)
    expect(app.oneOffs).toHaveLength(1);
    expect(app.oneOffs[0]!.command).toContain(`eval '${SEED}'`);
    expect(await world.scalingo.database(name).query('SELECT count(*)::int AS n FROM visits')).toEqual([{ n: 2 }]);
    await expect(world.scalingo.database(PARENT).query('SELECT 1 FROM visits')).rejects.toThrow(/visits/);

    const [deployment, ...more] = deploymentsOf('review/pr-42');
    expect(more).toEqual([]);
    expect(deployment).toMatchObject({ sha: pr.headSha, transient_environment: true, production_environment: false });
    expect(statesOf(deployment!.id)).toEqual(['in_progress', 'success']);
    expect(world.github.state.statuses.at(-1)!.environment_url).toBe(result.outputs['app-url']);

    const [comment, ...others] = world.comments(42);
    expect(others).toEqual([]);
    expect(comment).toContain(`Review app \`${name}\`: deployed ${pr.headSha.slice(0, 7)}`);
    expect(comment).toContain(`- URL: ${result.outputs['app-url']}`);
    expect(comment).toContain(`/commit/${pr.headSha}`);
    expect(comment).toContain('succeeded');
    expect(result.summary).toContain(`Review app \`${name}\` created`);
    expect(result.summary).toContain('`postgresql:postgresql-starter-512` running');
  });

  it('synchronize: redeploys the new head in few requests, does not seed again, edits the same comment', async () => {
    const { after } = world.github.git.pushToPullRequest(42, { files: { 'feature-42.txt': 'v2\n' } });
    const since = world.scalingo.journal.length;
    const result = await world.run(INPUTS, { number: 42, action: 'synchronize' });

    expect(result.exitCode, result.stderr + result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ app: name, action: 'updated', status: 'success' });
    const app = world.scalingo.app(name)!;
    expect(app.deployments.at(-1)!.gitRef).toBe(after);
    expect(app.oneOffs).toHaveLength(1);
    expect(app.addons).toHaveLength(1);
    const calls = scalingoCalls(world.scalingo, since);
    expect(calls.filter((c) => !c.startsWith('GET '))).toEqual([`POST /v1/apps/${name}/deployments`]);
    expect(calls.length).toBeLessThanOrEqual(12);

    const [comment, ...others] = world.comments(42);
    expect(others).toEqual([]);
    expect(comment).toContain(`deployed ${after.slice(0, 7)}`);
    expect(comment).toContain('Seeded already');
    expect(deploymentsOf('review/pr-42')).toHaveLength(2);
  });

  it('closed: deletes the review app, sets every deployment of its environment inactive, says so in the comment', async () => {
    world.github.git.closePullRequest(42);
    const result = await world.run(INPUTS, { number: 42, action: 'closed' });

    expect(result.exitCode, result.stderr + result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ app: name, action: 'deleted' });
    expect(() => world.scalingo.app(name)).toThrow(/no app named/);
    const deleted = world.scalingo.journal.find((e) => e.method === 'DELETE' && e.path === `/v1/apps/${name}`)!;
    expect(deleted.query).toMatchObject({ current_name: name });
    for (const d of deploymentsOf('review/pr-42')) expect(statesOf(d.id).at(-1)).toBe('inactive');
    const [comment, ...others] = world.comments(42);
    expect(others).toEqual([]);
    expect(comment).toContain(`Review app \`${name}\`: deleted`);
  });

  it('closed again (a rerun): nothing to delete, exit 0', async () => {
    const since = world.scalingo.journal.length;
    const result = await world.run(INPUTS, { number: 42, action: 'closed' });

    expect(result.exitCode, result.stderr + result.stdout).toBe(0);
    expect(result.outputs.action).toBe('skipped');
    expect(result.stdout).toContain('Nothing to delete');
    expect(scalingoCalls(world.scalingo, since).filter((c) => c.startsWith('DELETE '))).toEqual([
      `DELETE /v1/apps/${name}`,
    ]);
    expect(world.comments(42)).toHaveLength(1);
    expect(world.comments(42)[0]).toContain('nothing to delete');
  });
});

describe('runs that must change nothing', () => {
  it('refuses a pull request from a fork, explaining why and how to opt in', async () => {
    world.open(50, { fork: 'mallory' });
    const since = world.scalingo.journal.length;
    const githubMutations = world.github.mutations().length;
    const result = await world.run(INPUTS, { number: 50, action: 'opened' });

    expect(result.exitCode).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error')!;
    expect(error.message).toMatch(/#50 comes from a fork/);
    expect(error.message).toMatch(/secrets/);
    expect(error.message).toMatch(/pull_request_target.*allow-forks: true.*label/);
    expect(scalingoCalls(world.scalingo, since)).toEqual([]);
    expect(world.github.mutations()).toHaveLength(githubMutations);
  });

  it('skips a Dependabot pull request with a notice, before reading any secret', async () => {
    world.open(51, { author: 'dependabot[bot]' });
    const since = world.scalingo.journal.length;
    const result = await world.run(INPUTS, { number: 51, action: 'opened' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs.action).toBe('skipped');
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ level: 'notice', title: 'Review app skipped' }),
    );
    expect(scalingoCalls(world.scalingo, since)).toEqual([]);
  });

  it('refuses one review app more than max-review-apps, listing the open ones, and says so on the pull request', async () => {
    world.open(60);
    world.open(61);
    const first = await world.run({ 'max-review-apps': '1' }, { number: 60, action: 'opened' });
    expect(first.exitCode, first.stdout).toBe(0);
    const before = world.scalingo.mutations().length;
    const result = await world.run({ 'max-review-apps': '1' }, { number: 61, action: 'opened' });

    expect(result.exitCode).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error')!;
    expect(error.message).toContain(`Input 'max-review-apps'`);
    expect(error.message).toContain(`${reviewAppOf(60)} (#60)`);
    expect(world.scalingo.mutations()).toHaveLength(before);
    expect(() => world.scalingo.app(reviewAppOf(61))).toThrow(/no app named/);
    expect(world.comments(61)[0]).toContain('not created');
  });

  let nextNumber = 100;
  it.each([
    ['addons', { addons: 'postgresql' }, /Input 'addons': 'postgresql' is not provider:plan/],
    ['addons', { addons: 'postgresql:' }, /Input 'addons': 'postgresql:' is not provider:plan/],
    [
      'addons',
      { addons: 'postgresql:postgresql-huge' },
      /Input 'addons': PostgreSQL has no plan 'postgresql-huge'. Use one of: .*postgresql-starter-512/,
    ],
    ['addons', { addons: 'cassandra:c-1' }, /Input 'addons': Scalingo has no addon provider 'cassandra'/],
    ['env', { env: 'SEND_EMAILS' }, /Input 'env': entry 1 has no '='/],
    ['env', { env: '1PASSWORD=x' }, /Input 'env': '1PASSWORD' is not a valid variable name/],
    ['unset-env', { 'unset-env': 'SENTRY-DSN' }, /Input 'unset-env': 'SENTRY-DSN' is not a variable name/],
    ['parent-app', { 'parent-app': 'shop-nowhere' }, /Input 'parent-app': Scalingo has no app named 'shop-nowhere'/],
    ['mode', { mode: 'heroku' }, /Input 'mode'/],
    ['max-age', { 'max-age': '0' }, /Input 'max-age'/],
  ])('bad %s (%j): exit 1, named input, nothing created, no comment', async (_input, inputs, message) => {
    const number = nextNumber++;
    world.open(number);
    const before = { scalingo: world.scalingo.mutations().length, github: world.github.mutations().length };
    const result = await world.run(inputs, { number, action: 'opened' });

    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(message);
    expect(world.scalingo.mutations()).toHaveLength(before.scalingo);
    expect(world.github.mutations()).toHaveLength(before.github);
  });

  it('a run with no pull request and no pr-number is an input error naming pr-number', async () => {
    const before = world.scalingo.mutations().length;
    const result = await world.run({}, undefined, { eventName: 'push' });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /Input 'pr-number': this run has no pull request \(event 'push'\)/,
    );
    expect(world.scalingo.mutations()).toHaveLength(before);
  });
});
