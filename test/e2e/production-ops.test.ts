// What a production runbook adds, through dist/deploy-production/index.js: required variables, the
// commands never to run in production, the deploy window, the release notes in the chat message,
// and the runtime logs of a crashed deploy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP, startProductionWorld, type ProductionWorld } from '../helpers/production-world.ts';

let world: ProductionWorld;
beforeEach(async () => {
  world = await startProductionWorld();
});
afterEach(async () => {
  await world.close();
});

const DISPATCH = { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' };
// A Sunday: noon in Paris (CEST since the 29th, 02:00).
const SUNDAY = '2026-03-29T10:00:00Z';
const WINDOW = 'Mon-Fri 09:00-17:00 Europe/Paris';
const error = (r: { annotations: { level: string; message: string }[] }) =>
  r.annotations.find((a) => a.level === 'error')?.message ?? '';
const runs = () => world.scalingo.journal.filter((e) => e.method === 'POST' && e.path.endsWith('/run'));

describe('deploy-production: require-env', () => {
  it('refuses listing every missing name, with zero mutating requests', async () => {
    world.scalingo.app(APP).variables.push({ id: 'v-1', name: 'SECRET_KEY', value: 'not-shown-1234' });
    const result = await world.run({
      'require-env': 'SECRET_KEY SENTRY_DSN\nALLOWED_HOSTS',
      'notify-webhook': world.webhook.url,
    });
    expect(result.exitCode).toBe(1);
    expect(error(result)).toMatch(
      /The env guard refused the release: 2 required environment variable\(s\) missing on shop: SENTRY_DSN, ALLOWED_HOSTS \(required by `require-env`\)/,
    );
    expect(world.scalingo.mutations()).toEqual([]);
    expect(world.github.mutations()).toEqual([]);
    expect(result.summary).toMatch(/\| guards \| ⛔ refused \|.*The env guard refused/);
    expect(world.webhook.received[0]?.text).toMatch(/v1\.3\.0 refused on shop/);
    expect(result.everything).not.toContain('not-shown-1234');
  });
});

describe('deploy-production: forbidden commands', () => {
  it.each([
    ['python manage.py loaddata fixtures.json', 'loaddata'],
    ['python manage.py clear_all_data', 'clear_all_data'],
    ['php bin/console doctrine:fixtures:load --no-interaction', 'doctrine:fixtures:load'],
    ['bundle exec rails db:seed', 'db:seed'],
  ])('refuses %s before anything starts: zero /run, zero mutating requests', async (command, pattern) => {
    const result = await world.run({ 'post-deploy': `python manage.py migrate --noinput\n${command}` });
    expect(result.exitCode).toBe(1);
    expect(error(result)).toContain(
      `Input 'post-deploy': '${command}' (matches '${pattern}') is a command that must not run on production (shop)`,
    );
    expect(error(result)).toMatch(/allow-destructive: true/);
    expect(runs()).toEqual([]);
    expect(world.scalingo.mutations()).toEqual([]);
  });

  it('a `forbid` pattern of the team is refused too', async () => {
    const result = await world.run({ 'post-deploy': 'python manage.py purge_orders', forbid: 'purge_*' });
    expect(result.exitCode).toBe(1);
    expect(error(result)).toContain("'python manage.py purge_orders' (matches 'purge_*')");
    expect(runs()).toEqual([]);
  });

  it('allow-destructive runs it, with a warning naming who allowed it', async () => {
    const result = await world.run({ 'post-deploy': 'echo flush', 'allow-destructive': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(runs()).toHaveLength(1);
    expect(result.annotations).toContainEqual({
      level: 'warning',
      title: 'Destructive commands allowed',
      message: "Destructive command(s) allowed by @octocat (allow-destructive: true): 'echo flush'.",
    });
    expect(result.summary).toContain(
      '⚠️ **Destructive commands allowed by @octocat** (`allow-destructive: true`): `echo flush` (matches `flush`)',
    );
  });
});

describe('deploy-production: deploy-window', () => {
  it('refuses on a Sunday before anything changes, naming the next opening', async () => {
    const result = await world.run({ 'deploy-window': WINDOW }, { env: { SCALINGO_ACTIONS_NOW: SUNDAY } });
    expect(result.exitCode).toBe(1);
    expect(error(result)).toBe(
      'The deploy-window guard refused the release: it is Sun 2026-03-29 12:00 Europe/Paris, outside Mon-Fri 09:00-17:00 Europe/Paris; ' +
        'the next opening is Mon 2026-03-30 09:00 Europe/Paris (2026-03-30T07:00Z). Release then, when someone can react. ' +
        'To release anyway, run the workflow from workflow_dispatch with `force: true` (the backup still runs).',
    );
    expect(world.scalingo.mutations()).toEqual([]);
    expect(world.github.mutations()).toEqual([]);
  });

  it('a forced run from workflow_dispatch goes through, and the summary says who forced it', async () => {
    const result = await world.run(
      { tag: 'v1.3.0', force: 'true', 'deploy-window': WINDOW },
      { env: { ...DISPATCH, SCALINGO_ACTIONS_NOW: SUNDAY }, event: { inputs: { tag: 'v1.3.0', force: true } } },
    );
    expect(result.exitCode, result.stdout).toBe(0);
    expect(world.scalingo.app(APP).deployments.at(-1)).toMatchObject({ gitRef: world.sha.v130, status: 'success' });
    expect(result.summary).toContain(
      'Triggered by @octocat (workflow_dispatch); **forced by @octocat**: version, staging and deploy-window guards skipped',
    );
    expect(result.summary).toMatch(
      /- ⏭️ \*\*deploy-window\*\* skipped: forced: it is Sun 2026-03-29 12:0\d Europe\/Paris/,
    );
  });

  it.each([
    ['Mon-Fri 9-17 Europe/Paris', /'Mon-Fri 9-17 Europe\/Paris' is not DAYS HH:MM-HH:MM/],
    ['Mon-Fri 09:00-17:00 Europe/Pariss', /'Europe\/Pariss' is not a time zone the runner knows/],
    ['Mon-Fry 09:00-17:00', /'Fry' is not a day/],
    ['Mon-Fri 09:00-25:00', /'09:00-25:00' is not a time range/],
  ])('a bad spec %s is an input error, nothing changed', async (spec, message) => {
    const result = await world.run({ 'deploy-window': spec });
    expect(result.exitCode).toBe(1);
    expect(error(result)).toMatch(/^Input 'deploy-window': /);
    expect(error(result)).toMatch(message);
    expect(world.scalingo.mutations()).toEqual([]);
  });
});

describe('deploy-production: what the team is told', () => {
  it('inside the window, with the required variables: released, and the message carries the release notes', async () => {
    world.scalingo.app(APP).variables.push({ id: 'v-1', name: 'SECRET_KEY', value: 'x' });
    const fixes = Array.from({ length: 25 }, (_, i) => `- Fix ${i + 1} (#${i + 10}) by @alice`).join('\n');
    world.github.addRelease({
      tag_name: 'v1.3.0',
      draft: true,
      body: `## Features\n- Cart (#2)\n\n## Bug fixes\n${fixes}\n\n**Full Changelog**: https://github.com/acme/shop/compare/v1.2.0...v1.3.0`,
    });
    const result = await world.run(
      {
        'notify-webhook': world.webhook.url,
        'require-env': 'SECRET_KEY',
        'deploy-window': `Sat-Sun 08:00-20:00 Europe/Paris, ${WINDOW}`,
      },
      { env: { SCALINGO_ACTIONS_NOW: SUNDAY } },
    );
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.summary).toMatch(/- ✅ \*\*env\*\* passed: shop has the 1 required variable\(s\)/);
    expect(result.summary).toMatch(
      /- ✅ \*\*deploy-window\*\* passed: Sun 2026-03-29 12:0\d Europe\/Paris is within Sat-Sun 08:00-20:00 Europe\/Paris/,
    );
    const text = world.webhook.received[0]!.text;
    const url = world.github.state.releases.find((r) => r.tag_name === 'v1.3.0')!.html_url;
    expect(text).toContain('#### Features\n- Cart (#2)\n#### Bug fixes\n- Fix 1 (#10) by @\u200balice');
    expect(text).toContain('- Fix 19 (#28)');
    expect(text).not.toContain('- Fix 20 (#29)');
    expect(text).toContain(`…and 6 more: ${url}`);
    expect(text).not.toContain('Full Changelog');
    expect(text).not.toContain('Deployed to shop');
  });

  it('a crashed deploy puts the last runtime log lines beside the build log tail, the logs URL masked', async () => {
    world.scalingo.deploymentScenario(APP, {
      status: 'crashed-error',
      logLines: ['-----> Build ok'],
      runtimeLogLines: [
        'Booting gunicorn',
        'django.core.exceptions.ImproperlyConfigured: SECRET_KEY must not be empty',
      ],
    });
    const result = await world.run({});
    expect(result.exitCode).toBe(1);
    expect(result.summary).toMatch(/<summary>Build log \(tail\)<\/summary>[\s\S]*-----> Build ok/);
    expect(result.summary).toMatch(
      /### Last 2 lines of the runtime logs\n\n```text\n.* \[web-1\] Booting gunicorn\n.* \[web-1\] django\.core\.exceptions\.ImproperlyConfigured: SECRET_KEY must not be empty\n```/,
    );
    const logs = world.scalingo.journal.find((e) => e.path === `/logs/${APP}`)!;
    expect(logs.query).toMatchObject({ n: '50' });
    expect(logs.auth).toBe('none');
    const token = String(logs.query.token);
    expect(result.masks).toContain(token);
    expect(result.everything).not.toContain(token);
  });
});
