// What `deploy` (staging) and `post-deploy` gained from the production runbooks: one chat message
// per outcome, required variables, forbidden commands when the target is production, and the runtime
// logs of a deploy whose containers crashed.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/scalingo/index.ts';
import { startWebhook, type Webhook } from '../helpers/production-world.ts';
import { runAction } from '../helpers/run-action.ts';
import { APP, startWorld, type DeployWorld } from '../helpers/staging-world.ts';

let world: DeployWorld | undefined;
let webhook: Webhook | undefined;
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await world?.close();
  await webhook?.close();
  await sandbox?.close();
  world = webhook = sandbox = undefined;
});

const error = (r: { annotations: { level: string; message: string }[] }) =>
  r.annotations.find((a) => a.level === 'error')?.message ?? '';

describe('deploy: notify-webhook', () => {
  it('a staging deploy sends one message with the commit, the app and the run', async () => {
    world = await startWorld({ phaseMs: 20 });
    webhook = await startWebhook();
    const result = await world.run({ 'notify-webhook': webhook.url });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(webhook.received).toHaveLength(1);
    expect(webhook.received[0]!.text.split('\n')).toEqual([
      `:rocket: ${world.sha.slice(0, 7)} deployed on ${APP} by @octocat`,
      `App: ${world.scalingo.url}/web/${APP}`,
      `Commit: https://github.com/acme/shop/commit/${world.sha}`,
      'Run: https://github.com/acme/shop/actions/runs/4242',
    ]);
    expect(result.everything).not.toContain('mattermost-secret-hook');
  });

  it('a crashed deploy sends one failure message, and its summary has the runtime log lines', async () => {
    world = await startWorld({ phaseMs: 20 });
    webhook = await startWebhook();
    world.scalingo.deploymentScenario(APP, {
      status: 'crashed-error',
      runtimeLogLines: ['Starting web', 'Error: connect ECONNREFUSED 127.0.0.1:5432'],
    });
    const result = await world.run({ 'notify-webhook': webhook.url });
    expect(result.exitCode).toBe(1);
    expect(webhook.received).toHaveLength(1);
    expect(webhook.received[0]!.text).toMatch(
      new RegExp(
        `^:x: ${world.sha.slice(0, 7)} failed \\(crashed-error\\) on ${APP} by @octocat\\nDeployment .* ended with status 'crashed-error'`,
      ),
    );
    expect(result.summary).toMatch(/### Last \d+ lines of the build log/);
    expect(result.summary).toMatch(
      /### Last 2 lines of the runtime logs\n\n```text\n.* \[web-1\] Starting web\n.* \[web-1\] Error: connect ECONNREFUSED 127\.0\.0\.1:5432\n```/,
    );
    const logs = world.scalingo.journal.find((e) => e.path === `/logs/${APP}`)!;
    expect(logs.query.n).toBe('50');
    expect(result.everything).not.toContain(String(logs.query.token));
  });

  it('a build error has no runtime logs section (the build log has the cause)', async () => {
    world = await startWorld({ phaseMs: 20 });
    world.scalingo.deploymentScenario(APP, { status: 'build-error', logLines: ['npm ERR!'] });
    const result = await world.run({});
    expect(result.exitCode).toBe(1);
    expect(result.summary).not.toMatch(/runtime logs/);
    expect(world.scalingo.journal.some((e) => e.path.endsWith('/logs'))).toBe(false);
  });
});

describe('deploy: require-env', () => {
  it('refuses with the missing names before anything changes', async () => {
    world = await startWorld({ phaseMs: 20 });
    webhook = await startWebhook();
    const result = await world.run({ 'require-env': 'SECRET_KEY, SENTRY_DSN', 'notify-webhook': webhook.url });
    expect(result.exitCode).toBe(1);
    expect(error(result)).toMatch(
      new RegExp(
        `^2 required environment variable\\(s\\) missing on ${APP}: SECRET_KEY, SENTRY_DSN \\(required by \`require-env\`\\)\\. Nothing was deployed\\.`,
      ),
    );
    expect(world.scalingo.mutations()).toEqual([]);
    expect(world.github.mutations()).toEqual([]);
    expect(webhook.received[0]!.text).toMatch(/^:x: .* failed on shop-staging/);
  });
});

describe('forbidden commands outside deploy-production', () => {
  it('deploy with environment: production refuses a forbidden post-deploy command: zero /run', async () => {
    world = await startWorld({ phaseMs: 20 });
    const result = await world.run({ environment: 'production', 'post-deploy': 'python manage.py flush --noinput' });
    expect(result.exitCode).toBe(1);
    expect(error(result)).toMatch(/^Input 'post-deploy': 'python manage\.py flush --noinput' \(matches 'flush'\)/);
    expect(world.scalingo.mutations()).toEqual([]);
  });

  it('deploy to staging runs it: the defaults apply to production only', async () => {
    world = await startWorld({ phaseMs: 20 });
    const result = await world.run({ 'post-deploy': 'echo loaddata demo.json' });
    expect(result.exitCode, result.stdout).toBe(0);
  });

  async function postDeploy(inputs: Record<string, string>) {
    sandbox = await startSandbox({ phaseMs: 20 });
    sandbox.createApp('shop');
    const s = sandbox;
    const result = await runAction('post-deploy', {
      inputs: { app: 'shop', 'api-token': s.apiToken, 'api-url': s.apiUrl, 'auth-url': s.authUrl, ...inputs },
    });
    return { result, runs: s.journal.filter((e) => e.path.endsWith('/run')) };
  }

  it.each([
    ['environment: production', { environment: 'Production' }],
    ['an explicit forbid', { forbid: 'reindex_all' }],
  ])('post-deploy refuses with %s, before any container starts', async (_what, inputs) => {
    const { result, runs } = await postDeploy({ commands: 'php bin/console doctrine:schema:drop --force', ...inputs });
    expect(result.exitCode).toBe(1);
    expect(error(result)).toMatch(
      /^Input 'commands': 'php bin\/console doctrine:schema:drop --force' \(matches 'doctrine:schema:drop'\)/,
    );
    expect(runs).toEqual([]);
    expect(sandbox!.mutations()).toEqual([]);
  });

  it('post-deploy with allow-destructive runs it and names who allowed it', async () => {
    const { result, runs } = await postDeploy({
      commands: 'echo db:reset',
      environment: 'production',
      'allow-destructive': 'true',
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(runs).toHaveLength(1);
    expect(result.summary).toMatch(/^> ⚠️ \*\*Destructive commands allowed by @octocat\*\*/);
  });
});
