// 25 deploys at once on one API token (DESIGN.md §4), each its own `dist/deploy/index.js` process,
// against one sandbox that allows the token 60 requests a minute (Scalingo's limit).
import { deployMatrix } from '../test/helpers/deploy-matrix.ts';

const JOBS = 25;

/** Markdown lines for docs/BENCHMARKS.md (called by bench/run.ts). */
export async function bench(): Promise<string[]> {
  const matrix = await deployMatrix(JOBS, { phaseMs: 40 });
  try {
    const failed = matrix.runs.filter((r) => r.result.exitCode !== 0);
    if (failed.length > 0) throw new Error(`${failed.length} of ${JOBS} deploys failed:\n${failed[0]!.result.stdout}`);
    const accepted = matrix.runs.map((r) => r.accepted);
    const refused = matrix.runs.map((r) => r.refused);
    const walls = matrix.runs.map((r) => r.wallMs).sort((a, b) => a - b);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const deployments = matrix.runs.map((r) => matrix.sandbox.app(r.app).deployments.length);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return [
      '## Many deploys on one token',
      '',
      `\`bench/many-deploys.ts\`: ${JOBS} \`dist/deploy/index.js\` processes started at once, one app each, one API token, against one sandbox with \`rateLimit: { perMinute: 60 }\` (a sliding minute; 429 \`Retry later\`, refused requests not counted) and deployment phases of 40 ms, so that the rate limit is what they wait for.`,
      '',
      '| measure | result | goal |',
      '| --- | --- | --- |',
      `| deploys that succeeded | ${JOBS - failed.length} of ${JOBS}, ${sum(deployments)} deployments in all (${Math.max(...deployments)} at most per app) | all, exactly one each |`,
      `| Scalingo requests per deploy that counted against the token | ${Math.min(...accepted)} to ${Math.max(...accepted)} (${sum(accepted)} in all) | as few as possible |`,
      `| 429 answers seen, in all (per deploy) | ${sum(refused)} (${Math.min(...refused)} to ${Math.max(...refused)}) | absorbed, never a failure |`,
      `| deploys that met at least one 429 | ${refused.filter((n) => n > 0).length} | |`,
      `| fastest / median / slowest deploy, spawn to exit | ${s(walls[0]!)} / ${s(walls[Math.floor(walls.length / 2)]!)} / ${s(walls.at(-1)!)} | within the minute the limit needs to free up, plus backoff |`,
    ];
  } finally {
    await matrix.close();
  }
}
