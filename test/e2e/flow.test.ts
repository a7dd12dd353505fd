// The root action (`uses: OWNER/scalingo-actions@v1`): one bundle, the event decides. Each event it
// handles runs through both sandboxes, and the events it has nothing for change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, STAGING, startProductionWorld, type ProductionWorld } from '../helpers/production-world.ts';
import type { ActionResult } from '../helpers/run-action.ts';
import { runInSandboxes } from '../helpers/worlds.ts';

let world: ProductionWorld;
beforeAll(async () => {
  world = await startProductionWorld();
});
afterAll(async () => {
  await world.close();
});

const INPUTS = {
  app: undefined,
  'staging-app': STAGING,
  'production-app': APP,
  'review-parent-app': STAGING,
  'review-env': 'SEND_EMAILS=false',
};

function flow(
  event: { name: string; ref?: string; sha?: string; payload?: Record<string, unknown>; env?: Record<string, string> },
  inputs: Record<string, string | undefined> = {},
): Promise<ActionResult> {
  const sha = event.sha ?? world.sha.v130;
  return runInSandboxes('flow', world, {
    app: STAGING,
    sha,
    inputs: { ...INPUTS, ...inputs },
    env: {
      GITHUB_EVENT_NAME: event.name,
      GITHUB_REF: event.ref ?? 'refs/heads/main',
      GITHUB_REF_NAME: (event.ref ?? 'refs/heads/main').replace(/^refs\/(heads|tags)\//, ''),
      ...event.env,
    },
    event: { repository: { full_name: 'acme/shop', default_branch: 'main' }, ...event.payload },
  });
}

const errorOf = (result: ActionResult) => result.annotations.find((a) => a.level === 'error')?.message ?? '';
const deploymentsOf = (app: string) => world.scalingo.app(app).deployments;

describe('uses: scalingo-actions (the root action)', () => {
  it('push to the default branch: deploys the commit to staging-app', async () => {
    const sha = world.github.git.commit({ 'app.py': 'print("next")\n' }, 'Next thing');
    const result = await flow({ name: 'push', ref: 'refs/heads/main', sha });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ flow: 'staging', status: 'success', 'git-ref': sha });
    expect(deploymentsOf(STAGING).at(-1)).toMatchObject({ gitRef: sha, status: 'success' });
    expect(result.stdout).toContain(`scalingo-actions: a push to main: ${sha.slice(0, 7)} to ${STAGING}.`);
  });

  it('push to another branch: a notice, exit 0, nothing asked of Scalingo', async () => {
    const before = world.scalingo.journal.length;
    const result = await flow({ name: 'push', ref: 'refs/heads/feature/cart' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs.flow).toBe('nothing');
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ level: 'notice', message: 'Nothing to do for a push to feature/cart, not to main.' }),
    );
    expect(world.scalingo.journal.slice(before)).toEqual([]);
  });

  it('push of a release tag: deploy-production to production-app, then the release published', async () => {
    const result = await flow({ name: 'push', ref: 'refs/tags/v1.3.0', sha: world.sha.v130 });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ flow: 'production', version: '1.3.0', status: 'success' });
    expect(deploymentsOf(APP).at(-1)).toMatchObject({ gitRef: world.sha.v130, status: 'success' });
    expect(world.scalingo.app(APP).backups.length).toBeGreaterThan(0);
    const release = world.github.state.releases.find((r) => r.tag_name === 'v1.3.0')!;
    expect(release.draft).toBe(false);
    expect(result.outputs['release-url']).toBe(release.html_url);
  });

  it('push of a tag that is not a release tag: nothing', async () => {
    world.github.git.tag('nightly-2026-12-01');
    const result = await flow({ name: 'push', ref: 'refs/tags/nightly-2026-12-01' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.flow).toBe('nothing');
  });

  it('workflow_dispatch with a ref: a forced deploy of that ref to staging-app', async () => {
    const result = await flow({ name: 'workflow_dispatch', payload: { inputs: { ref: 'v1.2.0' } } });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ flow: 'forced deploy', 'git-ref': world.sha.v120 });
    expect(deploymentsOf(STAGING).at(-1)).toMatchObject({ gitRef: world.sha.v120, status: 'success' });
  });

  it('workflow_dispatch with a tag and force: the release, its guards skipped and said so', async () => {
    const sha = world.github.git.commit({ 'app.py': 'print("1.4.0")\n' }, 'Release 1.4.0');
    world.github.git.tag('v1.4.0');
    const result = await flow({ name: 'workflow_dispatch', payload: { inputs: { tag: 'v1.4.0', force: true } } });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ flow: 'production', version: '1.4.0' });
    expect(deploymentsOf(APP).at(-1)).toMatchObject({ gitRef: sha, status: 'success' });
    expect(result.summary).toMatch(/force/i);
  });

  it('pull_request opened: the review app of review-parent-app, at the head SHA', async () => {
    const pr = world.github.git.openPullRequest({ number: 40, title: 'Cart', files: { 'cart.py': 'x = 1\n' } });
    const event = world.github.pullRequestEvent({ number: 40, action: 'opened' });
    const result = await flow({
      name: event.eventName,
      ref: event.env.GITHUB_REF!,
      payload: event.payload,
      env: event.env,
    });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ flow: 'review app', action: 'created', app: `${STAGING}-pr40` });
    expect(deploymentsOf(`${STAGING}-pr40`).map((d) => d.gitRef)).toEqual([pr.headSha]);
    expect(world.scalingo.app(`${STAGING}-pr40`).variables.find((v) => v.name === 'SEND_EMAILS')?.value).toBe('false');
  });

  it('schedule: cleans up the review apps of closed pull requests', async () => {
    world.github.git.closePullRequest(40);
    const result = await flow({ name: 'schedule' });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.flow).toBe('cleanup');
    expect(() => world.scalingo.app(`${STAGING}-pr40`)).toThrow(/no app named/);
    expect(result.summary).toContain(`${STAGING}-pr40`);
  });

  it('an event it has nothing for (issues): a notice and exit 0', async () => {
    const result = await flow({ name: 'issues' });
    expect(result.exitCode).toBe(0);
    expect(result.annotations.map((a) => a.level)).toEqual(['notice']);
  });

  it('passes the operations inputs through: require-env refuses a staging deploy with nothing changed', async () => {
    const before = world.scalingo.mutations().length;
    const result = await flow({ name: 'push', ref: 'refs/heads/main' }, { 'require-env': 'STRIPE_SECRET_KEY' });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(
      new RegExp(`^1 required environment variable\\(s\\) missing on ${STAGING}: STRIPE_SECRET_KEY`),
    );
    expect(world.scalingo.mutations()).toHaveLength(before);
  });

  it('passes deploy-window to the release path: a tag pushed on a Sunday is refused, nothing changed', async () => {
    const before = world.scalingo.mutations().length;
    const result = await flow(
      { name: 'push', ref: 'refs/tags/v1.3.0', env: { SCALINGO_ACTIONS_NOW: '2026-03-29T10:00:00Z' } },
      { 'deploy-window': 'Mon-Fri 09:00-17:00 Europe/Paris' },
    );
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(/^The deploy-window guard refused the release: it is Sun 2026-03-29 12:00/);
    expect(world.scalingo.mutations()).toHaveLength(before);
  });

  it.each([
    [
      'staging-app',
      { 'staging-app': 'Shop_Staging' },
      /Input 'staging-app': 'Shop_Staging' is not a Scalingo app name/,
    ],
    ['review-addons', { 'review-addons': 'postgresql' }, /Input 'review-addons': 'postgresql' is not provider:plan/],
    ['review-env', { 'review-env': 'NOPE' }, /Input 'review-env': entry 1 has no '='/],
    ['tag-pattern', { 'tag-pattern': 'release' }, /Input 'tag-pattern'/],
  ])('bad %s: exit 1 naming it, nothing changed', async (_name, inputs, message) => {
    const before = world.scalingo.mutations().length;
    const result = await flow({ name: 'push', ref: 'refs/tags/v1.3.0' }, inputs);
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(message);
    expect(world.scalingo.mutations()).toHaveLength(before);
  });
});
