// Both sandboxes set up as a team's production release finds them: production runs v1.2.0 (with a
// PostgreSQL and a Redis addon), v1.3.0 is tagged on main and ran on staging. Plus a webhook receiver.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GitHubDouble, GitHubDoubleOptions } from '../../sandbox/github/index.ts';
import type { ActionResult } from './run-action.ts';
import { closeSandboxes, runInSandboxes, startSandboxes, type SandboxRun } from './worlds.ts';
import type { Sandbox } from '../../sandbox/scalingo/index.ts';

export const APP = 'shop';
export const STAGING = 'shop-staging';

export interface Webhook {
  url: string;
  received: { text: string }[];
  /** Status answered to every post (default 200). */
  status: number;
  close(): Promise<void>;
}

export interface ProductionWorld {
  scalingo: Sandbox;
  github: GitHubDouble;
  webhook: Webhook;
  sha: { v120: string; v130: string };
  /** Runs dist/deploy-production/index.js as a tag push of v1.3.0 would. */
  run(
    inputs?: Record<string, string | undefined>,
    options?: {
      env?: Record<string, string | undefined>;
      event?: unknown;
      timeoutMs?: number;
      state?: Record<string, string>;
      onSpawn?: SandboxRun['onSpawn'];
    },
  ): Promise<ActionResult>;
  close(): Promise<void>;
}

export async function startWebhook(): Promise<Webhook> {
  const hook: Webhook = { url: '', received: [], status: 200, close: async () => {} };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      hook.received.push(JSON.parse(body) as { text: string });
      res.writeHead(hook.status).end(hook.status < 300 ? 'ok' : 'down');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/mattermost-secret-hook`;
  hook.close = () => new Promise((done) => server.close(() => done()));
  return hook;
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

export interface ProductionWorldOptions {
  staged?: boolean;
  /** Options of the GitHub double (its clock, its limits). */
  github?: GitHubDoubleOptions;
  /** Called between the v1.2.0 and v1.3.0 tags: what the release brings (pull requests…). */
  between?: (github: GitHubDouble) => void;
}

export async function startProductionWorld(options: ProductionWorldOptions = {}): Promise<ProductionWorld> {
  const sandboxes = await startSandboxes(30, options.github);
  const { scalingo, github } = sandboxes;
  const webhook = await startWebhook();
  scalingo.createApp(APP, { addons: ['postgresql', 'redis'] });
  scalingo.createApp(STAGING);
  const v120 = github.git.commit(
    { Procfile: 'web: python -m http.server $PORT\n', 'app.py': 'print("1.2.0")\n' },
    'Release 1.2.0',
  );
  github.git.tag('v1.2.0');
  options.between?.(github);
  const v130 = github.git.commit({ 'app.py': 'print("1.3.0")\n' }, 'Add the cart (#2)');
  github.git.tag('v1.3.0', 'HEAD', { annotated: true, message: 'v1.3.0' });
  scalingo.startDeployment(APP, { gitRef: v120 });
  if (options.staged !== false) scalingo.startDeployment(STAGING, { gitRef: v130 });
  const settled = (app: string) => scalingo.app(app).deployments.every((d) => d.status === 'success');
  await until('the seed deployments', () => settled(APP) && settled(STAGING));

  return {
    scalingo,
    github,
    webhook,
    sha: { v120, v130 },
    run(inputs = {}, runOptions = {}) {
      return runInSandboxes('deploy-production', sandboxes, {
        app: APP,
        sha: v130,
        inputs,
        env: {
          GITHUB_REF: 'refs/tags/v1.3.0',
          GITHUB_REF_NAME: 'v1.3.0',
          GITHUB_EVENT_NAME: 'push',
          ...runOptions.env,
        },
        event: runOptions.event ?? { ref: 'refs/tags/v1.3.0' },
        ...(runOptions.timeoutMs ? { timeoutMs: runOptions.timeoutMs } : {}),
        ...(runOptions.state ? { state: runOptions.state } : {}),
        ...(runOptions.onSpawn ? { onSpawn: runOptions.onSpawn } : {}),
      });
    },
    async close() {
      await closeSandboxes(sandboxes);
      await webhook.close();
    },
  };
}

/** Sandbox journal index of the first request matching method and path. */
export function indexOf(scalingo: Sandbox, method: string, path: RegExp): number {
  return scalingo.journal.findIndex((e) => e.method === method && path.test(e.path));
}
