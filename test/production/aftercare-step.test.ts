// When the chores run: only once production runs the tag (a failed publish of the release page
// counts as running it); their rows join the release's steps.
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import type { AftercareGitHub } from '../../src/aftercare/params.ts';
import { aftercareStep } from '../../src/production/aftercare-step.ts';
import type { ProductionDeps, ProductionParams } from '../../src/production/params.ts';
import type { ProductionReport } from '../../src/production/steps.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';

const logger = new MemoryLogger();
const github = { milestones: async () => [] } as unknown as AftercareGitHub;
const deps = {
  logger,
  context: { serverUrl: 'https://github.com', owner: 'acme', repo: 'shop' },
  aftercare: { github, spacingMs: 1, pullRequests: async () => [1, 2] },
} as unknown as ProductionDeps;
const params = {
  app: 'shop',
  tag: 'v1.3.0',
  version: semver.parse('1.3.0')!,
  aftercare: { releasedComment: false, milestone: 'close' },
} as unknown as ProductionParams;

function report(overrides: Partial<ProductionReport>): ProductionReport {
  return {
    app: 'shop',
    tag: 'v1.3.0',
    version: params.version,
    previous: null,
    actor: 'alice',
    eventName: 'push',
    forced: false,
    steps: [],
    guards: [],
    rolledBack: false,
    runUrl: 'https://github.com/acme/shop/actions/runs/1',
    ...overrides,
  };
}
const deployed = {
  deploy: {
    sha: 'a'.repeat(40),
    durationMs: 1000,
    deployment: { created_at: '2026-11-23T19:38:00Z', finished_at: '2026-11-23T19:40:00Z' },
  },
} as unknown as Partial<ProductionReport>;

describe('aftercareStep', () => {
  it.each([
    ['nothing was deployed', report({ error: new Error('refused') })],
    ['the deploy failed', report({ ...deployed, error: new Error('build-error') })],
    ['it was rolled back', report({ ...deployed, rolledBack: true, error: new Error('health check') })],
  ])('skips every chore when %s', async (_, r) => {
    await aftercareStep(deps, params, r);
    expect(r.steps).toEqual([
      { name: 'milestone', outcome: 'skipped', detail: 'not run: production does not run v1.3.0', durationMs: null },
    ]);
  });

  it('runs them once production runs the tag, also when only the release page failed', async () => {
    const failedPage = report({
      ...deployed,
      error: new Error('publishing failed'),
      steps: [{ name: 'release', outcome: 'failure', detail: 'x', durationMs: 1 }],
    });
    await aftercareStep(deps, params, failedPage);
    expect(failedPage.steps.at(-1)).toMatchObject({
      name: 'milestone',
      outcome: 'skipped',
      detail: /^No milestone named/,
    });
    expect(failedPage.aftercare?.rows).toHaveLength(1);
    expect((failedPage.error as Error).message).toBe('publishing failed');
  });

  it('adds nothing when no chore is asked for', async () => {
    const r = report(deployed);
    await aftercareStep(deps, { ...params, aftercare: { releasedComment: false, milestone: 'off' } }, r);
    await aftercareStep({ ...deps, aftercare: undefined } as ProductionDeps, params, r);
    expect(r.steps).toEqual([]);
  });
});
