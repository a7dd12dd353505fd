// Bad inputs found by trying to break the built bundles: each is refused before anything changes,
// with an error that names the input, says what is wrong and how to fix it, and never echoes a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../helpers/run-action.ts';
import { closeSandboxes, runInSandboxes, startSandboxes, type Sandboxes } from '../helpers/worlds.ts';

let sandboxes: Sandboxes;
let sha: string;
beforeAll(async () => {
  sandboxes = await startSandboxes(30);
  sandboxes.scalingo.createApp('shop-staging');
  sandboxes.scalingo.createApp('shop', { addons: ['postgresql'] });
  sha = sandboxes.github.git.commit({ Procfile: 'web: serve\n' }, 'Initial commit');
  sandboxes.github.git.tag('v1.0.0');
});
afterAll(async () => {
  await closeSandboxes(sandboxes);
});

function errorOf(result: ActionResult): string {
  return result.annotations
    .filter((a) => a.level === 'error')
    .map((a) => a.message)
    .join('\n');
}

async function refused(action: string, inputs: Record<string, string>, env: Record<string, string> = {}) {
  const before = sandboxes.scalingo.mutations().length + sandboxes.github.mutations().length;
  const result = await runInSandboxes(action, sandboxes, {
    app: action === 'deploy-production' ? 'shop' : 'shop-staging',
    sha,
    inputs,
    env: { GITHUB_REF: 'refs/tags/v1.0.0', GITHUB_REF_NAME: 'v1.0.0', GITHUB_EVENT_NAME: 'push', ...env },
  });
  expect(result.exitCode).toBe(1);
  expect(sandboxes.scalingo.mutations().length + sandboxes.github.mutations().length).toBe(before);
  const message = errorOf(result);
  expect(message).not.toMatch(/bug in scalingo-actions/);
  return { result, message };
}

describe('credentials in a health-check URL', () => {
  it.each(['deploy', 'deploy-production'])('%s refuses them without printing them', async (action) => {
    const { result, message } = await refused(action, {
      'health-check': 'https://admin:hunter2-secret@shop.example/health',
    });
    expect(message).toMatch(/Input 'health-check'/);
    expect(message).toMatch(/user name or password/);
    expect(result.everything).not.toContain('hunter2-secret');
  });
});

describe('durations are bounded', () => {
  it.each([
    ['deploy', 'timeout', '0'],
    ['deploy', 'timeout', '0s'],
    ['deploy', 'timeout', '600h'],
    ['deploy', 'health-check-timeout', '9999999999s'],
    ['deploy-production', 'backup-timeout', '0'],
    ['deploy-production', 'timeout', '30d'],
    ['deploy', 'timeout', '1h 30m'],
  ])('%s refuses %s: %j before anything is created', async (action, input, value) => {
    const { message } = await refused(action, { [input]: value });
    expect(message).toMatch(new RegExp(`Input '${input}'`));
  });

  it('post-deploy refuses timeout: 0 before any one-off starts', async () => {
    const { scalingo } = sandboxes;
    const result = await runAction('post-deploy', {
      inputs: {
        app: 'shop-staging',
        'api-token': scalingo.apiToken,
        'api-url': scalingo.apiUrl,
        'auth-url': scalingo.authUrl,
        commands: 'echo migrate',
        timeout: '0',
      },
    });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(/Input 'timeout'/);
    expect(scalingo.journal.filter((e) => e.path.endsWith('/run'))).toEqual([]);
  });
});

describe('the API token only travels over TLS', () => {
  it.each([
    ['api-url', 'http://api.osc-fr1.scalingo.example'],
    ['auth-url', 'http://auth.scalingo.example'],
    ['db-api-url', 'http://db-api.osc-fr1.scalingo.example'],
  ])('refuses %s: %s (not loopback)', async (input, url) => {
    const before = sandboxes.scalingo.journal.length;
    const { message } = await refused('deploy', { [input]: url });
    expect(message).toMatch(new RegExp(`Input '${input}'`));
    expect(message).toMatch(/https/);
    // Not even the token exchange was sent.
    expect(sandboxes.scalingo.journal.length).toBe(before);
  });

  it('refuses SCALINGO_API_URL over http, naming the variable', async () => {
    const { message } = await refused('deploy', { 'api-url': '' }, { SCALINGO_API_URL: 'http://api.example.invalid' });
    expect(message).toMatch(/SCALINGO_API_URL/);
  });
});
