// A matrix of deploy jobs sharing one Scalingo API token (a team with one app per customer): every
// job is its own `dist/deploy/index.js` process, all started at once against one sandbox whose
// per-token rate limit is on. Used by the end-to-end test and by the bench.
import { startGitHubDouble } from '../../sandbox/github/index.ts';
import { startSandbox, type Sandbox } from '../../sandbox/scalingo/index.ts';
import type { ActionResult } from './run-action.ts';
import { runInSandboxes } from './worlds.ts';

export interface MatrixRun {
  app: string;
  result: ActionResult;
  /** Spawn to exit of this job's process. */
  wallMs: number;
  /** Requests about this app the regional API accepted (they count against the token's limit). */
  accepted: number;
  /** Requests about this app answered 429 by the rate limit. */
  refused: number;
}

export interface MatrixOutcome {
  runs: MatrixRun[];
  sandbox: Sandbox;
  /** Spawn of the first job to exit of the last. */
  wallMs: number;
  /** Every request the token made to the regional API (accepted ones), in arrival order. */
  counted: number;
  close(): Promise<void>;
}

export async function deployMatrix(
  count: number,
  options: { phaseMs?: number; perMinute?: number } = {},
): Promise<MatrixOutcome> {
  const scalingo = await startSandbox({
    phaseMs: options.phaseMs ?? 50,
    streamPingMs: 500,
    rateLimit: { perMinute: options.perMinute ?? 60 },
  });
  const github = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  const close = async () => {
    await scalingo.close();
    await github.close();
  };
  try {
    const sha = github.git.commit({ Procfile: 'web: python -m http.server $PORT\n' }, 'Initial commit');
    const apps = Array.from({ length: count }, (_, i) => `shop-customer-${String(i + 1).padStart(2, '0')}`);
    for (const app of apps) scalingo.createApp(app);
    const started = performance.now();
    const runs = await Promise.all(
      apps.map(async (app) => {
        const begin = performance.now();
        const result = await runInSandboxes(
          'deploy',
          { scalingo, github },
          { app, sha, inputs: {}, timeoutMs: 600_000 },
        );
        const wallMs = performance.now() - begin;
        const mine = scalingo.journal.filter(
          (e) => e.path.startsWith(`/v1/apps/${app}/`) || e.path === `/v1/apps/${app}`,
        );
        return {
          app,
          result,
          wallMs,
          accepted: mine.filter((e) => !e.rateLimited).length,
          refused: mine.filter((e) => e.rateLimited).length,
        };
      }),
    );
    const wallMs = performance.now() - started;
    const counted = scalingo.journal.filter(
      (e) => e.auth === 'bearer' && e.path.startsWith('/v1/apps/') && !e.rateLimited,
    ).length;
    return { runs, sandbox: scalingo, wallMs, counted, close };
  } catch (error) {
    await close();
    throw error;
  }
}
