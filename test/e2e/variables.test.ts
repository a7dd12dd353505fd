// dist/variables/index.js run as the runner runs it, against the Scalingo sandbox: one bulk PUT and
// one bulk DELETE, requirements checked first, a restart waited for until done, values never shown.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../helpers/run-action.ts';
import { startSandbox, type Sandbox } from '../../sandbox/scalingo/index.ts';

let sandbox: Sandbox;
let appCount = 0;
beforeAll(async () => {
  sandbox = await startSandbox({ phaseMs: 20 });
});
afterAll(async () => {
  await sandbox?.close();
});

const SECRET = 'sk_live_51HnW0rDs3cr3tV4lu3xyz';

function newApp(): string {
  const name = `shop-vars-${++appCount}`;
  sandbox.createApp(name, {
    variables: { DJANGO_SETTINGS_MODULE: 'shop.settings', OLD_FLAG: 'yes', STRIPE_KEY: 'sk_test_old_value_1234' },
  });
  return name;
}

function variables(app: string, inputs: Record<string, string>, cwd?: string): Promise<ActionResult> {
  return runAction('variables', {
    inputs: {
      app,
      'api-token': sandbox.apiToken,
      'api-url': sandbox.apiUrl,
      'auth-url': sandbox.authUrl,
      ...inputs,
    },
    ...(cwd ? { cwd } : {}),
    timeoutMs: 60_000,
  });
}

const mutations = (app: string) => sandbox.mutations().filter((e) => e.path.startsWith(`/v1/apps/${app}/`));
const valuesOf = (app: string) => Object.fromEntries(sandbox.app(app).variables.map((v) => [v.name, v.value]));
const error = (r: ActionResult) => r.annotations.find((a) => a.level === 'error')?.message ?? '';

describe('variables (dist/variables/index.js)', () => {
  it('sets and unsets in one request each, skips unchanged values, restarts and waits until done', async () => {
    const app = newApp();
    const result = await variables(app, {
      set: `# payment\nSTRIPE_KEY=${SECRET}\nDJANGO_SETTINGS_MODULE=shop.settings\nNEW_FEATURE=on`,
      unset: 'OLD_FLAG, NEVER_THERE',
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(mutations(app).map((e) => `${e.method} ${e.path}`)).toEqual([
      `PUT /v1/apps/${app}/variables`,
      `DELETE /v1/apps/${app}/variables`,
      `POST /v1/apps/${app}/restart`,
    ]);
    const put = mutations(app)[0]!.body as { variables: { name: string }[] };
    expect(put.variables.map((v) => v.name)).toEqual(['STRIPE_KEY', 'NEW_FEATURE']);
    expect(valuesOf(app)).toEqual({ DJANGO_SETTINGS_MODULE: 'shop.settings', STRIPE_KEY: SECRET, NEW_FEATURE: 'on' });
    // Waited for: the restart operation was polled until done, so the containers run the new values.
    const polls = sandbox.journal.filter((e) => e.path.startsWith(`/v1/apps/${app}/operations/`));
    expect(polls.length).toBeGreaterThan(0);
    expect(sandbox.app(app).runningVariables).toMatchObject({ STRIPE_KEY: SECRET, NEW_FEATURE: 'on' });
    expect(sandbox.app(app).runningVariables).not.toHaveProperty('OLD_FLAG');
    expect(result.outputs).toMatchObject({
      added: 'NEW_FEATURE',
      changed: 'STRIPE_KEY',
      removed: 'OLD_FLAG',
      restarted: 'true',
    });
    // Every value masked, shown nowhere: not in the log, the outputs or the summary.
    for (const value of [SECRET, 'shop.settings', 'on']) expect(result.masks).toContain(value);
    expect(result.everything).not.toContain(SECRET);
    expect(result.summary).toMatch(/\| added \| `NEW_FEATURE` \|/);
    expect(result.summary).toMatch(/\| changed \| `STRIPE_KEY` \|/);
    expect(result.summary).toMatch(/\| removed \| `OLD_FLAG` \|/);
    expect(result.summary).toMatch(/\| unchanged \(not sent\) \| `DJANGO_SETTINGS_MODULE` \|/);
    expect(result.summary).toMatch(/restarted, and the restart is done/);
  });

  it('nothing that differs: no PUT, no restart with restart: auto', async () => {
    const app = newApp();
    const result = await variables(app, { set: 'OLD_FLAG=yes' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(mutations(app)).toEqual([]);
    expect(result.outputs.restarted).toBe('false');
    expect(result.summary).toMatch(/not restarted: nothing changed/);
  });

  it('a dry run changes nothing and lists the names that would change, never a value', async () => {
    const app = newApp();
    const result = await variables(app, {
      set: `STRIPE_KEY=${SECRET}\nNEW_FEATURE=on`,
      unset: 'OLD_FLAG',
      'dry-run': 'true',
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(mutations(app)).toEqual([]);
    expect(result.summary).toMatch(/Dry run: variables of shop-vars-\d+/);
    expect(result.summary).toMatch(/\| would be added \| `NEW_FEATURE` \|/);
    expect(result.summary).toMatch(/\| would be changed \| `STRIPE_KEY` \|/);
    expect(result.summary).toMatch(/\| would be removed \| `OLD_FLAG` \|/);
    expect(result.everything).not.toContain(SECRET);
    expect(result.everything).not.toContain('sk_test_old_value_1234');
  });

  it.each([
    [
      'require',
      { require: 'DJANGO_SETTINGS_MODULE SENTRY_DSN\nREDIS_URL' },
      undefined,
      /SENTRY_DSN, REDIS_URL \(required by `require`\)/,
    ],
    [
      'require-from: .env.example',
      { 'require-from': '.env.example' },
      {
        '.env.example':
          '# settings\nexport DJANGO_SETTINGS_MODULE=shop.settings\nSENTRY_DSN=\nREDIS_URL=redis://localhost\n',
      },
      /SENTRY_DSN, REDIS_URL \(required by \.env\.example\)/,
    ],
    [
      'require-from: scalingo.json',
      { 'require-from': 'scalingo.json' },
      {
        'scalingo.json': JSON.stringify({
          env: { SENTRY_DSN: { description: 'x' }, REDIS_URL: { generator: 'secret' }, DEBUG: { value: '' } },
        }),
      },
      /SENTRY_DSN, REDIS_URL \(required by scalingo\.json\)/,
    ],
  ])('%s: fails listing every missing name and changes nothing', async (_what, inputs, files, message) => {
    const app = newApp();
    const cwd = mkdtempSync(join(tmpdir(), 'vars-'));
    for (const [name, text] of Object.entries(files ?? {})) writeFileSync(join(cwd, name), text);
    const result = await variables(app, { set: `STRIPE_KEY=${SECRET}`, ...inputs }, cwd);
    expect(result.exitCode).toBe(1);
    expect(error(result)).toMatch(/^2 required environment variable\(s\) missing on shop-vars-\d+: /);
    expect(error(result)).toMatch(message);
    expect(error(result)).toMatch(/Nothing was changed/);
    expect(mutations(app)).toEqual([]);
    expect(result.everything).not.toContain(SECRET);
  });

  it('a required name given by `set` is satisfied; one in `unset` is missing', async () => {
    const app = newApp();
    const ok = await variables(app, { set: 'SENTRY_DSN=https://k@sentry.example/1', require: 'SENTRY_DSN' });
    expect(ok.exitCode, ok.stdout).toBe(0);
    const refused = await variables(app, { unset: 'OLD_FLAG', require: 'OLD_FLAG' });
    expect(refused.exitCode).toBe(1);
    expect(error(refused)).toMatch(/missing on shop-vars-\d+: OLD_FLAG/);
  });

  it('a restart whose operation ends in error fails with its message', async () => {
    const app = newApp();
    sandbox.restartScenario(app, { operationError: 'container web-1 failed to start' });
    const result = await variables(app, { set: 'NEW_FEATURE=on' });
    expect(result.exitCode).toBe(1);
    expect(error(result)).toMatch(
      /The variables were changed, but the restart of shop-vars-\d+ .*failed: container web-1 failed to start/,
    );
    expect(error(result)).toMatch(/scalingo --app shop-vars-\d+ restart/);
  });

  it('restart: false changes the variables and does not restart', async () => {
    const app = newApp();
    const result = await variables(app, { set: 'NEW_FEATURE=on', restart: 'false' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(mutations(app).map((e) => e.method)).toEqual(['PUT']);
    expect(result.summary).toMatch(/`restart: false`/);
  });

  it.each([
    ['a name Scalingo refuses', { set: `1ST=${SECRET}` }, /^Input 'set': line 1: '1ST' is not a name Scalingo accepts/],
    ['a name over 64 characters', { set: `${'A'.repeat(65)}=x` }, /line 1: 'A{65}' is not a name/],
    [
      'a value over 8,192 characters',
      { set: `OK=1\nBIG=${'s'.repeat(8193)}` },
      /line 2 \(BIG\): the value is 8,193 characters, over Scalingo's limit of 8,192/,
    ],
    ['a line without =', { set: `OK=1\n\n${SECRET}` }, /line 3 has no '=' \(its text is not shown/],
    [
      'the same name in set and unset',
      { set: `STRIPE_KEY=${SECRET}`, unset: 'OLD_FLAG\nSTRIPE_KEY' },
      /^Input 'unset': line 2: STRIPE_KEY is also set by `set` line 1/,
    ],
    ['the same name twice', { set: 'A=1\nA=2' }, /line 2 sets A again \(first on line 1\)/],
    ['an empty value', { set: 'A=' }, /line 1 \(A\): the value is empty/],
    [
      'a bad restart mode',
      { set: 'A=1', restart: 'sometimes' },
      /^Input 'restart': 'sometimes' is not one of auto, true, false/,
    ],
    [
      'a missing require-from file',
      { 'require-from': '.env.example' },
      /^Input 'require-from': '\.env\.example' does not exist/,
    ],
    ['nothing to do', {}, /^Input 'set': is empty, and so are/],
  ])('%s: clear error naming the line, exit 1, nothing changed', async (_what, inputs, message) => {
    const app = newApp();
    const result = await variables(app, inputs);
    expect(result.exitCode).toBe(1);
    expect(error(result)).toMatch(message);
    expect(mutations(app)).toEqual([]);
    expect(result.everything).not.toContain(SECRET);
  });
});
