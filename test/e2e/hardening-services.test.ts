// Services that answer badly, slowly or twice, against the built bundles: a deadline bounds the whole
// wait, a malformed answer is the service's failure (never ours) and leaves nothing open, two releases
// of one tag never both run, and a short-lived session token is exchanged once, not per request.
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionResult } from '../helpers/run-action.ts';
import { closeSandboxes, runInSandboxes, type Sandboxes } from '../helpers/worlds.ts';
import { startGitHubDouble } from '../../sandbox/github/index.ts';
import { startSandbox } from '../../sandbox/scalingo/index.ts';
import { APP as PRODUCTION, startProductionWorld, type ProductionWorld } from '../helpers/production-world.ts';

let sandboxes: Sandboxes | undefined;
let production: ProductionWorld | undefined;
afterEach(async () => {
  if (sandboxes) await closeSandboxes(sandboxes);
  await production?.close();
  sandboxes = production = undefined;
});

async function staging(options: { jwtLifetimeSeconds?: number } = {}): Promise<{ s: Sandboxes; sha: string }> {
  const scalingo = await startSandbox({ phaseMs: 30, streamPingMs: 500, ...options });
  const github = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  sandboxes = { scalingo, github };
  scalingo.createApp('shop-staging');
  const sha = github.git.commit({ Procfile: 'web: serve\n' }, 'Initial commit');
  return { s: sandboxes, sha };
}

const errorOf = (result: ActionResult) =>
  result.annotations
    .filter((a) => a.level === 'error')
    .map((a) => a.message)
    .join('\n');

describe('deadlines bound the whole operation, retries included', () => {
  it('backup-timeout: 5s against a database API that accepts and never answers', async () => {
    production = await startProductionWorld();
    production.scalingo.fault({ path: /^\/api\//, delayMs: 600_000, times: Infinity });
    // Killed after 45 s: today the retries of 60 s requests take over six minutes.
    const result = await production.run({ 'backup-timeout': '5s' }, { timeoutMs: 45_000 });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(/backup.*5s/i);
    expect(production.scalingo.journal.filter((e) => e.method === 'POST' && e.path.endsWith('/deployments'))).toEqual(
      [],
    );
  });
});

describe('one release of a tag at a time', () => {
  it('a second run for the same tag is refused with the first run’s link, before its backup', async () => {
    production = await startProductionWorld();
    const world = production;
    const first = world.run({}, { env: { GITHUB_RUN_ID: '1001' } });
    // The second starts while the first is busy with its backup.
    await until(() => world.scalingo.journal.some((e) => e.method === 'POST' && /\/backups$/.test(e.path)));
    const second = await world.run({}, { env: { GITHUB_RUN_ID: '1002' } });
    const done = await first;
    expect(done.exitCode, errorOf(done)).toBe(0);
    expect(second.exitCode).toBe(1);
    expect(errorOf(second)).toMatch(/actions\/runs\/1001/);
    expect(world.scalingo.app(PRODUCTION).backups).toHaveLength(1);
    const releases = world.scalingo.app(PRODUCTION).deployments.filter((d) => d.gitRef === world.sha.v130);
    expect(releases).toHaveLength(1);
    // Nothing is left in progress on GitHub.
    for (const deployment of world.github.state.deployments) {
      const states = world.github.state.statuses.filter((st) => st.deployment_id === deployment.id);
      expect(['success', 'error', 'failure', 'inactive']).toContain(states.at(-1)?.state);
    }
  });

  it('two runs started together: exactly one backs up and deploys', async () => {
    production = await startProductionWorld();
    const [a, b] = await Promise.all([
      production.run({}, { env: { GITHUB_RUN_ID: '2001' } }),
      production.run({}, { env: { GITHUB_RUN_ID: '2002' } }),
    ]);
    expect([a.exitCode, b.exitCode].sort()).toEqual([0, 1]);
    expect(production.scalingo.app(PRODUCTION).backups).toHaveLength(1);
    expect(
      production.scalingo.app(PRODUCTION).deployments.filter((d) => d.gitRef === production!.sha.v130),
    ).toHaveLength(1);
  });
});

describe('session tokens', () => {
  it('a token with under 5 minutes to live is exchanged once and reused', async () => {
    const { s, sha } = await staging({ jwtLifetimeSeconds: 240 });
    const result = await runInSandboxes('deploy', s, { app: 'shop-staging', sha, inputs: {} });
    expect(result.exitCode, errorOf(result)).toBe(0);
    const exchanges = s.scalingo.journal.filter((e) => e.path === '/v1/tokens/exchange');
    const calls = s.scalingo.journal.filter((e) => e.path.startsWith('/v1/apps'));
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(exchanges).toHaveLength(1);
  });
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 20));
  }
}
