// Answers that break the contract, against the built bundles: a malformed answer (a proxy's HTML page,
// a missing object or field) is the service's failure, never ours, retried where safe, and it leaves
// nothing open.
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionResult } from '../helpers/run-action.ts';
import { closeSandboxes, runInSandboxes, type Sandboxes } from '../helpers/worlds.ts';
import { startGitHubDouble } from '../../sandbox/github/index.ts';
import { startSandbox } from '../../sandbox/scalingo/index.ts';
import type { ProductionWorld } from '../helpers/production-world.ts';

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

function githubStates(s: Sandboxes): string[] {
  const [deployment] = s.github.state.deployments;
  return s.github.state.statuses.filter((st) => st.deployment_id === deployment?.id).map((st) => st.state);
}

describe('malformed answers are the service failing, checked at the client edge', () => {
  it('a 200 with an HTML page (a proxy) names the host and the status, not a bug', async () => {
    const { s, sha } = await staging();
    s.scalingo.fault({
      method: 'GET',
      path: '/v1/apps/shop-staging',
      status: 200,
      body: '<html><body>Proxy error</body></html>',
      times: Infinity,
    });
    const result = await runInSandboxes('deploy', s, { app: 'shop-staging', sha, inputs: {} });
    expect(result.exitCode).toBe(1);
    const message = errorOf(result);
    expect(message).not.toMatch(/bug in scalingo-actions/);
    expect(message).toMatch(
      new RegExp(`${new URL(s.scalingo.apiUrl).host}.*200|200.*${new URL(s.scalingo.apiUrl).host}`),
    );
    expect(message).toMatch(/GET \/v1\/apps\/shop-staging/);
    expect(s.scalingo.mutations()).toEqual([]);
  });

  it('a create answered without its deployment looks for what it made, and makes exactly one', async () => {
    const { s, sha } = await staging();
    s.scalingo.fault({ method: 'POST', path: '/v1/apps/shop-staging/deployments', status: 201, body: '{}', times: 2 });
    const result = await runInSandboxes('deploy', s, { app: 'shop-staging', sha, inputs: {} });
    expect(result.exitCode, errorOf(result)).toBe(0);
    expect(s.scalingo.app('shop-staging').deployments).toHaveLength(1);
    expect(result.outputs['deployment-id']).toBe(s.scalingo.app('shop-staging').deployments[0]!.id);
    expect(githubStates(s)).toEqual(['in_progress', 'success']);
  });

  it('a poll without status is retried, never read as a verdict', async () => {
    const { s, sha } = await staging();
    // No stream: the safety-net poll is all the action has.
    s.scalingo.fault({ path: '/apps/shop-staging', status: 503, times: Infinity });
    s.scalingo.fault({
      method: 'GET',
      path: /^\/v1\/apps\/shop-staging\/deployments\/[^/]+$/,
      status: 200,
      body: '{"deployment":{"id":"x"}}',
      times: 2,
    });
    const result = await runInSandboxes('deploy', s, { app: 'shop-staging', sha, inputs: {} });
    expect(result.exitCode, errorOf(result)).toBe(0);
    expect(result.outputs.status).toBe('success');
    expect(githubStates(s)).toEqual(['in_progress', 'success']);
  });

  it('an answer that stays malformed fails as Scalingo’s, and the GitHub Deployment is closed', async () => {
    const { s, sha } = await staging();
    s.scalingo.fault({
      method: 'POST',
      path: '/v1/apps/shop-staging/deployments',
      status: 201,
      body: '{"deployment":7}',
      times: Infinity,
    });
    const result = await runInSandboxes('deploy', s, { app: 'shop-staging', sha, inputs: {} });
    expect(result.exitCode).toBe(1);
    const message = errorOf(result);
    expect(message).not.toMatch(/bug in scalingo-actions/);
    expect(message).toMatch(/POST \/v1\/apps\/shop-staging\/deployments/);
    expect(githubStates(s)).toEqual(['in_progress', 'error']);
  });

  it('an unknown status value is a failure that still sets the outputs', async () => {
    const { s, sha } = await staging();
    s.scalingo.deploymentScenario('shop-staging', { status: 'exploded' });
    const result = await runInSandboxes('deploy', s, { app: 'shop-staging', sha, inputs: {} });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('exploded');
    expect(result.outputs['deployment-id']).toBe(s.scalingo.app('shop-staging').deployments[0]!.id);
    expect(githubStates(s)).toEqual(['in_progress', 'failure']);
  });
});
