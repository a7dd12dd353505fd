// A matrix of 25 apps deploying at once with one API token (a team with one app per customer),
// against one sandbox that allows that token 60 requests a minute, as Scalingo does. Each job is
// its own bundle process: nothing is shared between them but the token, so the 429s they get are
// waited out by each on its own, with jittered backoff. Slow by nature (the rate limit's window
// is a real minute); its phases are short so that the rate limit is all it waits for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployMatrix, type MatrixOutcome } from '../helpers/deploy-matrix.ts';

const JOBS = 25;
let matrix: MatrixOutcome;

beforeAll(async () => {
  matrix = await deployMatrix(JOBS, { phaseMs: 40 });
}, 600_000);
afterAll(async () => {
  await matrix?.close();
});

describe(`${JOBS} deploys in parallel on one API token, rate limit on`, () => {
  it('all succeed, each with exactly one deployment', () => {
    for (const run of matrix.runs) {
      expect(run.result.exitCode, `${run.app}: ${run.result.stdout.slice(-2000)}`).toBe(0);
      expect(run.result.outputs.status).toBe('success');
      const deployments = matrix.sandbox.app(run.app).deployments;
      expect(deployments.map((d) => d.status)).toEqual(['success']);
      expect(run.result.outputs['deployment-id']).toBe(deployments[0]!.id);
    }
  });

  it('met the rate limit, and absorbed it: no job reports a failure or warns of one', () => {
    const refused = matrix.runs.reduce((sum, run) => sum + run.refused, 0);
    // More requests than a minute allows were made: the point of the test.
    expect(refused).toBeGreaterThan(0);
    expect(matrix.counted).toBeGreaterThan(60);
    for (const run of matrix.runs) {
      expect(run.result.annotations.filter((a) => a.level === 'error' || a.level === 'warning')).toEqual([]);
    }
    // Each job that met a 429 said why it waited, once.
    const told = matrix.runs.filter((run) => run.result.stdout.includes('Scalingo answered 429'));
    expect(told.length).toBeGreaterThan(0);
    expect(told.every((run) => run.result.stdout.split('Scalingo answered 429').length === 2)).toBe(true);
  });

  it('spends three requests of the token’s budget per deploy: the stream carries the rest', () => {
    for (const run of matrix.runs) expect(run.accepted).toBe(3);
    // A refused deployment create was refused before it ran: sent again, never looked for.
    for (const run of matrix.runs) {
      const posts = matrix.sandbox.journal.filter(
        (e) => e.method === 'POST' && e.path === `/v1/apps/${run.app}/deployments`,
      );
      expect(posts.filter((e) => !e.rateLimited)).toHaveLength(1);
    }
  });
});
