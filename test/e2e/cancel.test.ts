// A cancelled job leaves no lie behind. The runner cancels a step with SIGINT/SIGTERM (and kills it if
// it lingers), then runs the action's `post:` step: the GitHub Deployment must end in `error` saying the
// Scalingo deployment may still run, and a one-off container the step started must be stopped.
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/scalingo/index.ts';
import { APP, startWorld, type DeployWorld } from '../helpers/staging-world.ts';
import { runAction, type ActionResult } from '../helpers/run-action.ts';

let world: DeployWorld | undefined;
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await world?.close();
  await sandbox?.close();
  world = sandbox = undefined;
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** Sends `signal` to the step once `ready` holds, as the runner does when the job is cancelled. */
const cancelWhen = (ready: () => boolean, signal: NodeJS.Signals) => (child: ChildProcess) => {
  void until(ready).then(() => child.kill(signal));
};

function statuses(w: DeployWorld): { state: string; description: string }[] {
  const [deployment] = w.github.state.deployments;
  return w.github.state.statuses
    .filter((s) => s.deployment_id === deployment?.id)
    .map((s) => ({ state: s.state, description: s.description }));
}

// Created, and followed by the step: its first phase (queued) lasts 20 s.
const building = (w: DeployWorld) => () => w.scalingo.app(APP).deployments[0]?.status === 'queued';

describe('a deploy cancelled mid-build', () => {
  it('on SIGTERM sets the GitHub Deployment to error and says what ran and what did not', async () => {
    world = await startWorld();
    world.scalingo.deploymentScenario(APP, { phaseMs: 20_000 });
    const w = world;
    const result = await w.run(
      { 'post-deploy': 'echo migrate', 'health-check': '/up' },
      {
        onSpawn: cancelWhen(building(w), 'SIGTERM'),
      },
    );
    expect(result.exitCode).toBe(1);
    const id = w.scalingo.app(APP).deployments[0]!.id;
    expect(statuses(w).map((s) => s.state)).toEqual(['in_progress', 'error']);
    expect(statuses(w).at(-1)!.description).toMatch(
      new RegExp(`cancelled; Scalingo deployment ${id} may still be running`, 'i'),
    );
    expect(result.summary).toMatch(/was cancelled/);
    expect(result.summary).toMatch(/may still be running on Scalingo/);
    expect(result.summary).toMatch(/Not run: the post-deploy commands and the health check/);
    expect(w.scalingo.journal.filter((e) => e.path.endsWith('/run'))).toEqual([]);

    // The post step finds nothing left to do: the GitHub Deployment is closed already.
    const post = await w.run({}, { state: result.state });
    expect(post.exitCode).toBe(0);
    expect(statuses(w).map((s) => s.state)).toEqual(['in_progress', 'error']);
  });

  it('killed before it could react, the post step closes the GitHub Deployment', async () => {
    world = await startWorld();
    world.scalingo.deploymentScenario(APP, { phaseMs: 20_000 });
    const w = world;
    // Killed once it says it created the deployment (it remembers the id just before): the post step
    // can then name it. A kill before that line is another case (nothing to name).
    const result = await w.run(
      {},
      {
        onSpawn: (child) => {
          let out = '';
          child.stdout?.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            if (/Scalingo deployment \S+ created/.test(out)) child.kill('SIGKILL');
          });
        },
      },
    );
    expect(result.exitCode).toBe(null);
    expect(statuses(w).map((s) => s.state)).toEqual(['in_progress']);

    const post = await w.run({}, { state: result.state });
    expect(post.exitCode).toBe(0);
    const id = w.scalingo.app(APP).deployments[0]!.id;
    expect(statuses(w).map((s) => s.state)).toEqual(['in_progress', 'error']);
    expect(statuses(w).at(-1)!.description).toMatch(
      new RegExp(`cancelled; Scalingo deployment ${id} may still be running`, 'i'),
    );
    expect(post.summary).toMatch(/Cleanup after the cancelled deploy/);
  });
});

describe('a post-deploy command cancelled while it runs', () => {
  async function run(signal: NodeJS.Signals, state?: Record<string, string>): Promise<ActionResult> {
    const s = sandbox!;
    return runAction('post-deploy', {
      inputs: {
        app: 'shop-staging',
        'api-token': s.apiToken,
        'api-url': s.apiUrl,
        'auth-url': s.authUrl,
        'db-api-url': s.dbApiUrl,
        commands: 'sleep 30\necho never',
      },
      ...(state
        ? { state }
        : { onSpawn: cancelWhen(() => s.app('shop-staging').oneOffs[0]?.state === 'running', signal) }),
    });
  }
  const stops = () => sandbox!.journal.filter((e) => e.method === 'POST' && /\/containers\/[^/]+\/stop$/.test(e.path));

  it('on SIGTERM stops its container and does not start the next', async () => {
    sandbox = await startSandbox({ oneOffTty: true });
    sandbox.createApp('shop-staging');
    const result = await run('SIGTERM');
    expect(result.exitCode).toBe(1);
    expect(stops()).toHaveLength(1);
    // One container for both commands: stopped during the first, the second never ran in it.
    expect(sandbox.app('shop-staging').oneOffs).toHaveLength(1);
    expect(sandbox.app('shop-staging').oneOffs[0]!.output).not.toContain('never');
    expect(sandbox.app('shop-staging').oneOffs[0]!.state).toBe('stopped');
    expect(JSON.parse(result.outputs.results!).map((r: { status: string }) => r.status)).toEqual([
      'cancelled',
      'skipped',
    ]);
  });

  it('killed before it could react, the post step stops the container', async () => {
    sandbox = await startSandbox({ oneOffTty: true });
    sandbox.createApp('shop-staging');
    const result = await run('SIGKILL');
    expect(stops()).toHaveLength(0);
    const post = await run('SIGTERM', result.state);
    expect(post.exitCode).toBe(0);
    expect(stops()).toHaveLength(1);
    expect(sandbox.app('shop-staging').oneOffs[0]!.state).toBe('stopped');
    expect(post.summary).toMatch(/stopped/);
  });
});
