// dist/deploy-production/index.js run as the runner runs it, against the Scalingo sandbox and the
// GitHub double: production runs v1.2.0 (PostgreSQL + Redis), v1.3.0 is tagged on main and staged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionResult } from '../helpers/run-action.ts';
import { APP, STAGING, indexOf, startProductionWorld, type ProductionWorld } from '../helpers/production-world.ts';

let world: ProductionWorld;
beforeEach(async () => {
  world = await startProductionWorld();
});
afterEach(async () => {
  await world.close();
});

const DISPATCH = { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' };

/** `everything` is what the job shows (the runner consumes `::add-mask::` lines). */
function expectNoSecrets(result: ActionResult): void {
  const shown = result.everything;
  expect(result.stdout).toContain(`::add-mask::${world.scalingo.apiToken}`);
  // The signed archive URLs Scalingo was given carry a token, like GitHub's real codeload links.
  const signed = productionDeployments().flatMap((d) => (d.sourceUrl ? [d.sourceUrl] : []));
  for (const secret of [
    world.scalingo.apiToken,
    world.github.token,
    world.webhook.url,
    'mattermost-secret-hook',
    ...signed,
  ]) {
    expect(shown).not.toContain(secret);
  }
  // Session and addon JWTs: none may show, whatever their value.
  expect(shown).not.toMatch(/eyJ[\w-]{8,}\.[\w-]+\.[\w-]+/);
}

const productionDeployments = () => world.scalingo.app(APP).deployments;
const release = (tag: string) => world.github.state.releases.find((r) => r.tag_name === tag);
const healthUrl = () => '/healthz';

describe('deploy-production (dist/deploy-production/index.js)', () => {
  it('releases the tag: guards, backup done before the deployment, deploy, post-deploy, health check, release, notification', async () => {
    world.github.addRelease({ tag_name: 'v1.3.0', draft: true, body: '## Features\n- Cart (#2)' });
    const result = await world.run({
      'staging-app': STAGING,
      'post-deploy': 'echo migrate --noinput\necho clearsessions',
      'health-check': healthUrl(),
      'notify-webhook': world.webhook.url,
    });
    expect(result.exitCode, result.stdout).toBe(0);

    const backupCreate = indexOf(world.scalingo, 'POST', /^\/api\/databases\/[^/]+\/backups$/);
    const lastBackupPoll = world.scalingo.journal.findLastIndex(
      (e) => e.method === 'GET' && /^\/api\/(databases\/[^/]+\/)?backups\/[^/]+$/.test(e.path),
    );
    const deploymentCreate = indexOf(world.scalingo, 'POST', /^\/v1\/apps\/shop\/deployments$/);
    expect(backupCreate).toBeGreaterThan(-1);
    expect(lastBackupPoll).toBeGreaterThan(backupCreate);
    expect(deploymentCreate).toBeGreaterThan(lastBackupPoll);
    const backups = world.scalingo.app(APP).backups;
    expect(backups.map((b) => b.status)).toEqual(['done']);

    expect(productionDeployments().at(-1)).toMatchObject({ gitRef: world.sha.v130, status: 'success' });
    expect(result.outputs).toMatchObject({
      version: '1.3.0',
      'previous-version': '1.2.0',
      'backup-id': backups[0]!.id,
      'rolled-back': 'false',
      status: 'success',
      'git-ref': world.sha.v130,
      'deployment-id': productionDeployments().at(-1)!.id,
    });
    expect(result.outputs['release-url']).toBe(release('v1.3.0')?.html_url);
    expect(release('v1.3.0')).toMatchObject({
      draft: false,
      body: expect.stringMatching(/^## Features\n- Cart \(#2\)\n\nDeployed to shop \(/),
    });

    const [deployment] = world.github.state.deployments;
    expect(deployment).toMatchObject({ sha: world.sha.v130, environment: 'production', production_environment: true });
    expect(world.github.state.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);

    expect(world.webhook.received).toHaveLength(1);
    expect(world.webhook.received[0]!.text).toContain('v1.3.0 released on shop by @octocat');
    expect(world.webhook.received[0]!.text).toContain(`Release: ${release('v1.3.0')?.html_url}`);
    expect(world.webhook.received[0]!.text).toContain('Run: https://github.com/acme/shop/actions/runs/4242');

    expect(result.summary).toMatch(/## Production release v1\.3\.0 to shop: released/);
    expect(result.summary).toMatch(/Triggered by @octocat \(push\)/);
    for (const step of ['guards', 'backup', 'deploy', 'post-deploy', 'health-check', 'release', 'notify']) {
      expect(result.summary).toMatch(new RegExp(`\\| ${step} \\| ✅ success \\| \\d+(m\\d\\ds|s) \\|`));
    }
    expectNoSecrets(result);
  });

  it.each([
    [
      'branch',
      (w: ProductionWorld) => sideTag(w, 'v1.4.0'),
      'v1.4.0',
      /The branch guard refused the release: v1\.4\.0 \([0-9a-f]{7}\) is 1 commit\(s\) ahead of main/,
    ],
    ['version', () => {}, 'v1.2.0', /The version guard refused the release: production already runs v1\.2\.0/],
    [
      'staging',
      (w: ProductionWorld) => unstagedTag(w, 'v1.3.1'),
      'v1.3.1',
      /The staging guard refused the release: no successful deployment of v1\.3\.1 \([0-9a-f]{7}\) on shop-staging/,
    ],
  ])('the %s guard refuses before anything changes', async (guard, setup, tag, message) => {
    setup(world);
    const result = await world.run(
      { tag, 'staging-app': STAGING, 'notify-webhook': world.webhook.url },
      { env: { GITHUB_REF: `refs/tags/${tag}`, GITHUB_REF_NAME: tag } },
    );
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(message);
    expect(world.scalingo.mutations()).toEqual([]);
    expect(world.github.mutations()).toEqual([]);
    expect(result.summary).toMatch(new RegExp(`\\| guards \\| ⛔ refused \\|.*The ${guard} guard refused`));
    expect(world.webhook.received[0]?.text).toMatch(/refused on shop/);
    expect(result.summary).toMatch(/- Commit: `[0-9a-f]{40}`/);
    expect(result.summary).toMatch(/- ✅ \*\*tag\*\* passed/);
    expectNoSecrets(result);
  });

  it('workflow_dispatch with force skips the version and staging guards, never the backup, and the summary says who forced it', async () => {
    // v1.2.0 is what production runs (version guard) and never ran on staging (staging guard).
    const result = await world.run(
      { tag: 'v1.2.0', force: 'true', 'staging-app': STAGING },
      { env: DISPATCH, event: { inputs: { tag: 'v1.2.0', force: true } } },
    );
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.summary).toContain(
      'Triggered by @octocat (workflow_dispatch); **forced by @octocat**: version and staging guards skipped',
    );
    expect(result.summary).toMatch(/- ⏭️ \*\*version\*\* skipped: forced: production already runs v1\.2\.0/);
    expect(result.summary).toMatch(/- ⏭️ \*\*staging\*\* skipped: forced: no successful deployment of v1\.2\.0/);
    expect(world.scalingo.app(APP).backups.map((b) => b.status)).toEqual(['done']);
    expect(productionDeployments().at(-1)).toMatchObject({ gitRef: world.sha.v120, status: 'success' });
    expect(result.outputs).toMatchObject({ version: '1.2.0', 'previous-version': '1.2.0' });
  });

  it('force on a tag push is ignored with a warning', async () => {
    const result = await world.run(
      { tag: 'v1.2.0', force: 'true' },
      { env: { GITHUB_REF: 'refs/tags/v1.2.0', GITHUB_REF_NAME: 'v1.2.0' } },
    );
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toContainEqual({
      level: 'warning',
      message: expect.stringMatching(/force: true is ignored on a push event/),
    });
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(/The version guard refused/);
    expect(world.scalingo.mutations()).toEqual([]);
  });

  it('force never skips the branch guard', async () => {
    sideTag(world, 'v1.4.0');
    const result = await world.run({ tag: 'v1.4.0', force: 'true' }, { env: DISPATCH });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /The branch guard refused .*`force` does not skip this guard/,
    );
    expect(world.scalingo.mutations()).toEqual([]);
  });

  it('a failed backup stops the release: no deployment created', async () => {
    world.scalingo.backupScenario(APP, { status: 'error' });
    const before = productionDeployments().length;
    const result = await world.run({ 'notify-webhook': world.webhook.url });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /backup .* did not complete .*Nothing was deployed/,
    );
    expect(productionDeployments()).toHaveLength(before);
    expect(indexOf(world.scalingo, 'POST', /^\/v1\/apps\/shop\/deployments$/)).toBe(-1);
    expect(world.github.state.deployments).toEqual([]);
    expect(result.outputs['deployment-id']).toBe('');
  });

  it('a failed deployment leaves the draft and needs no rollback', async () => {
    world.github.addRelease({ tag_name: 'v1.3.0', draft: true, body: 'notes' });
    world.scalingo.deploymentScenario(APP, {
      status: 'build-error',
      logLines: ['-----> pip install', 'ERROR: no matching distribution'],
    });
    const result = await world.run({ 'post-deploy': 'echo never' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'build-error', 'rolled-back': 'false', 'release-url': '' });
    expect(release('v1.3.0')?.draft).toBe(true);
    expect(productionDeployments().map((d) => d.gitRef)).toEqual([world.sha.v120, world.sha.v130]);
    expect(result.summary).toMatch(
      /\| rollback \| ⏭️ skipped \| – \| not needed: Scalingo keeps the previous version running/,
    );
    expect(result.summary).toMatch(/ERROR: no matching distribution/);
  });

  it('a deploy that outlives timeout fails without a rollback, saying the deployment still runs', async () => {
    world.scalingo.deploymentScenario(APP, { phaseMs: 4000 });
    const result = await world.run({ timeout: '2s' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['rolled-back']).toBe('false');
    expect(result.summary).toMatch(
      /\| rollback \| ⏭️ skipped \| – \| not started: the deployment is still running on Scalingo/,
    );
    expect(productionDeployments()).toHaveLength(2);
  });

  it.each([
    ['a post-deploy command', { 'post-deploy': 'echo migrating\nexit 3' }, /post-deploy command failed/],
    ['the health check', { 'health-check-timeout': '3s' }, /Health check failed/],
  ])('%s failing after the deploy rolls back to the previous tag commit', async (_what, inputs, cause) => {
    world.github.addRelease({ tag_name: 'v1.3.0', draft: true, body: 'notes' });
    world.scalingo.webStatus(APP, 'health-check-timeout' in inputs ? 503 : 200);
    const result = await world.run({ 'health-check': healthUrl(), 'notify-webhook': world.webhook.url, ...inputs });
    expect(result.exitCode).toBe(1);
    expect(productionDeployments().map((d) => [d.gitRef, d.status])).toEqual([
      [world.sha.v120, 'success'],
      [world.sha.v130, 'success'],
      [world.sha.v120, 'success'],
    ]);
    const backupId = world.scalingo.app(APP).backups[0]!.id;
    expect(result.outputs).toMatchObject({ 'rolled-back': 'true', 'backup-id': backupId });
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(cause);
    expect(error).toMatch(
      new RegExp(`Rolled back: shop runs v1\\.2\\.0 again\\. Database changes .*are NOT undone.*${backupId}`),
    );
    expect(release('v1.3.0')?.draft).toBe(true);
    expect(world.webhook.received[0]?.text).toMatch(/v1\.3\.0 rolled back on shop/);
    expect(world.webhook.received[0]?.text).toContain(
      `Production runs v1.2.0 again. Database changes are not undone; backup taken before the deploy: ${backupId}.`,
    );
    expect(world.github.state.deployments.map((d) => [d.sha, d.production_environment])).toEqual([
      [world.sha.v130, true],
      [world.sha.v120, true],
    ]);
    expectNoSecrets(result);
  });

  it('a webhook that is down is a warning: the release still succeeds', async () => {
    world.webhook.status = 503;
    const result = await world.run({ 'notify-webhook': world.webhook.url });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs['release-url']).toMatch(/releases/);
    // No draft existed: the notes were generated now from the commits since v1.2.0.
    expect(release('v1.3.0')).toMatchObject({ draft: false, target_commitish: world.sha.v130 });
    expect(release('v1.3.0')?.body).toContain('Add the cart');
    expect(release('v1.3.0')?.body).toContain('/compare/v1.2.0...v1.3.0');
    expect(result.annotations).toContainEqual({
      level: 'warning',
      message: expect.stringMatching(/Notification not sent: the webhook answered 503/),
    });
    expectNoSecrets(result);
  });

  it.each([
    ['a bad tag', { tag: 'v1.3' }, /^Input 'tag': tag guard: '1\.3' in 'v1\.3' is not a semantic version/],
    ['a prerelease tag', { tag: 'v1.4.0-rc.1' }, /allow-prerelease/],
    [
      'a tag never pushed',
      { tag: 'v1.9.0' },
      /^Input 'tag': no tag or commit named 'v1\.9\.0' exists in the repository\. Push the tag first/,
    ],
    [
      'an unknown branch',
      { branch: 'releases' },
      /^Input 'branch': no branch named 'releases' exists in the repository/,
    ],
    ['an unknown app', { app: 'shop-typo' }, /Scalingo has no app named 'shop-typo'/],
    [
      'an unknown staging app',
      { 'staging-app': 'nope-staging' },
      /^Input 'staging-app': Scalingo has no app named 'nope-staging'/,
    ],
    ['a bad backup mode', { backup: 'sometimes' }, /^Input 'backup': 'sometimes' is not one of auto, true, false/],
    [
      'an invalid webhook URL',
      { 'notify-webhook': 'hooks.example.com/secret-path' },
      /^Input 'notify-webhook': is not a valid URL/,
    ],
    ['a bad tag pattern', { 'tag-pattern': 'v*.*.*' }, /^Input 'tag-pattern'/],
  ])('%s: clear error, exit 1, zero mutating requests', async (_what, inputs, message) => {
    const result = await world.run(inputs);
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(message);
    expect(world.scalingo.mutations()).toEqual([]);
    expect(world.github.mutations()).toEqual([]);
    expect(result.everything).not.toContain('secret-path');
  });
});

/** A tag on a branch never merged into main. */
function sideTag(w: ProductionWorld, tag: string): void {
  w.github.git.branch('experiment', 'main');
  w.github.git.commit({ 'experiment.txt': 'x' }, 'Experiment', { branch: 'experiment' });
  w.github.git.tag(tag, 'experiment');
  w.github.git.checkout('main');
}

/** A tag on main whose commit never ran on staging. */
function unstagedTag(w: ProductionWorld, tag: string): void {
  w.github.git.commit({ 'hotfix.txt': 'x' }, 'Hotfix');
  w.github.git.tag(tag);
}
