// Both sandboxes and the runner-like invocation of dist/deploy/index.js, for the deploy e2e tests.
import type { GitHubDouble } from '../../sandbox/github/index.ts';
import type { ActionResult } from './run-action.ts';
import { closeSandboxes, runInSandboxes, startSandboxes, type SandboxRun } from './worlds.ts';
import type { Sandbox } from '../../sandbox/scalingo/index.ts';

export interface DeployWorld {
  scalingo: Sandbox;
  github: GitHubDouble;
  sha: string;
  run(
    inputs?: Record<string, string | undefined>,
    options?: Pick<SandboxRun, 'cwd' | 'env' | 'state' | 'onSpawn'>,
  ): Promise<ActionResult>;
  close(): Promise<void>;
}

export const APP = 'shop-staging';

export const PROCFILE_APP = {
  Procfile: 'web: python -m http.server $PORT\n',
  'app.py': 'print("hello")\n',
};

export async function startWorld(options: { phaseMs?: number } = {}): Promise<DeployWorld> {
  const sandboxes = await startSandboxes(options.phaseMs ?? 40);
  const { scalingo, github } = sandboxes;
  scalingo.createApp(APP);
  const sha = github.git.commit(PROCFILE_APP, 'Initial commit');
  return {
    scalingo,
    github,
    sha,
    run(inputs = {}, runOptions = {}) {
      return runInSandboxes('deploy', sandboxes, { app: APP, sha, inputs, ...runOptions });
    },
    close: () => closeSandboxes(sandboxes),
  };
}

/** Every secret the run must never print, whatever happens: the tokens and every source URL handed to Scalingo. */
export function secretsOf(world: DeployWorld): string[] {
  const sourceUrls = world.scalingo.journal
    .filter((e) => e.method === 'POST' && /\/deployments$/.test(e.path))
    .map((e) => (e.body as { deployment?: { source_url?: string } } | null)?.deployment?.source_url ?? '');
  const signatures = sourceUrls.flatMap((u) => (u ? [...new URL(u).searchParams.values()] : []));
  return [world.scalingo.apiToken, world.github.token, ...sourceUrls, ...signatures].filter((s) => s.length >= 8);
}

/** True when the run asked the runner to mask this value. */
export function masked(result: ActionResult, secret: string): boolean {
  return result.masks.includes(secret);
}

/** The signed archive URL the GitHub double redirects the tarball endpoint to. */
export async function signedTarballUrl(github: GitHubDouble, sha: string): Promise<string> {
  const response = await fetch(`${github.apiUrl}/repos/acme/shop/tarball/${sha}`, {
    redirect: 'manual',
    headers: { Authorization: `Bearer ${github.token}` },
  });
  return response.headers.get('location')!;
}
