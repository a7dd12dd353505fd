// What the deploy and deploy-production e2e worlds share: both sandboxes (Scalingo and GitHub, for
// acme/shop) and a run of a built action pointed at them the way a workflow would point it.
import { startGitHubDouble, type GitHubDouble, type GitHubDoubleOptions } from '../../sandbox/github/index.ts';
import { startSandbox, type Sandbox } from '../../sandbox/scalingo/index.ts';
import { runAction, type ActionResult, type RunActionOptions } from './run-action.ts';

export interface Sandboxes {
  scalingo: Sandbox;
  github: GitHubDouble;
}

/** `github`: more options of the GitHub double (its clock, its limits). */
export async function startSandboxes(phaseMs: number, github: GitHubDoubleOptions = {}): Promise<Sandboxes> {
  const scalingo = await startSandbox({ phaseMs, streamPingMs: 500 });
  const double = await startGitHubDouble({ owner: 'acme', repo: 'shop', ...github });
  return { scalingo, github: double };
}

export async function closeSandboxes({ scalingo, github }: Sandboxes): Promise<void> {
  await scalingo.close();
  await github.close();
}

export interface SandboxRun {
  app: string;
  /** The workflow's commit (GITHUB_SHA). */
  sha: string;
  inputs: Record<string, string | undefined>;
  /** Runner variables beyond the sandbox URLs, repository and SHA; they override those. */
  env?: Record<string, string | undefined>;
  event?: unknown;
  cwd?: string;
  /** The run is killed after this long (default 90 s). */
  timeoutMs?: number;
  /** The state of a main step: the bundle runs as the action's `post:` step. */
  state?: Record<string, string>;
  onSpawn?: RunActionOptions['onSpawn'];
}

/** Runs dist/<action>/index.js against both sandboxes: their URLs and tokens as inputs, acme/shop as the repository. */
export function runInSandboxes(
  action: string,
  { scalingo, github }: Sandboxes,
  run: SandboxRun,
): Promise<ActionResult> {
  return runAction(action, {
    inputs: {
      app: run.app,
      'api-token': scalingo.apiToken,
      'api-url': scalingo.apiUrl,
      'auth-url': scalingo.authUrl,
      'db-api-url': scalingo.dbApiUrl,
      'github-token': github.token,
      ...run.inputs,
    },
    env: {
      GITHUB_API_URL: github.apiUrl,
      GITHUB_GRAPHQL_URL: github.graphqlUrl,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: run.sha,
      ...run.env,
    },
    ...(run.event !== undefined ? { event: run.event } : {}),
    ...(run.cwd ? { cwd: run.cwd } : {}),
    timeoutMs: run.timeoutMs ?? 90_000,
    ...(run.state ? { state: run.state } : {}),
    ...(run.onSpawn ? { onSpawn: run.onSpawn } : {}),
  });
}
