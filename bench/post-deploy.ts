// Post-deploy numbers of DESIGN.md §4: three commands with the container start Scalingo makes you
// wait for, in one container (the default) and with `isolate: true` (one container each).
import { startSandbox } from '../sandbox/scalingo/index.ts';
import { runAction } from '../test/helpers/run-action.ts';

/** A realistic container start: Scalingo's take seconds to tens of seconds. */
export const START_MS = 3000;
const COMMANDS = ['echo migrate --noinput', 'echo update_permissions', 'echo clearsessions'];

export interface PostDeployMeasure {
  mode: 'one container' | 'isolate';
  wallMs: number;
  /** Container starts: POST /run the sandbox received. */
  starts: number;
  /** Scalingo API requests (counted ones: regional API, attach host excluded). */
  requests: number;
}

export async function measurePostDeploy(startMs = START_MS): Promise<PostDeployMeasure[]> {
  const sandbox = await startSandbox({ oneOffTty: true, oneOffStartMs: startMs });
  try {
    const measures: PostDeployMeasure[] = [];
    for (const mode of ['one container', 'isolate'] as const) {
      const app = `shop-${mode === 'isolate' ? 'isolated' : 'shared'}`;
      sandbox.createApp(app);
      const before = sandbox.journal.length;
      const started = performance.now();
      const result = await runAction('post-deploy', {
        inputs: {
          app,
          'api-token': sandbox.apiToken,
          'api-url': sandbox.apiUrl,
          'auth-url': sandbox.authUrl,
          'db-api-url': sandbox.dbApiUrl,
          commands: COMMANDS.join('\n'),
          isolate: String(mode === 'isolate'),
        },
        timeoutMs: 120_000,
      });
      const wallMs = performance.now() - started;
      if (result.exitCode !== 0) throw new Error(`post-deploy (${mode}) failed:\n${result.stdout}\n${result.stderr}`);
      const journal = sandbox.journal.slice(before);
      measures.push({
        mode,
        wallMs,
        starts: journal.filter((e) => e.method === 'POST' && e.path === `/v1/apps/${app}/run`).length,
        requests: journal.filter((e) => e.path.startsWith(`/v1/apps/${app}/`)).length,
      });
    }
    return measures;
  } finally {
    await sandbox.close();
  }
}

/** Markdown lines for docs/BENCHMARKS.md (called by bench/run.ts). */
export async function bench(): Promise<string[]> {
  const measures = await measurePostDeploy();
  return [
    '## Post-deploy',
    '',
    `\`bench/post-deploy.ts\`: \`dist/post-deploy/index.js\` with three commands (\`${COMMANDS.join('`, `')}\`) against the sandbox with a container start of ${START_MS / 1000} s (\`oneOffStartMs\`; the start operation is polled every second, as the CLI does). Wall time = spawning the bundle to its exit.`,
    '',
    '| mode | container starts | Scalingo API requests | wall time |',
    '| --- | --- | --- | --- |',
    ...measures.map(
      (m) =>
        `| ${m.mode === 'isolate' ? '`isolate: true` (one container per command)' : 'one container (default)'} | ${m.starts} | ${m.requests} | ${(m.wallMs / 1000).toFixed(1)} s |`,
    ),
  ];
}
