// Which path the root action takes for each event, and with which inputs.
import { describe, expect, it } from 'vitest';
import { planFlow, type FlowSettings } from '../../src/flow/plan.ts';
import type { RunContext } from '../../src/shared/context.ts';

const SHA = 'c'.repeat(40);
const settings: FlowSettings = {
  stagingApp: 'shop-staging',
  stagingBranch: undefined,
  productionApp: 'shop',
  tagPattern: undefined,
  allowPrerelease: false,
  reviewParentApp: 'shop-staging',
  review: { addons: 'postgresql:postgresql-starter-512' },
};
const context = (eventName: string, ref = '', payload: Record<string, unknown> = {}) =>
  ({
    eventName,
    ref,
    sha: SHA,
    payload: { repository: { default_branch: 'main' }, ...payload },
  }) as unknown as RunContext;

describe('planFlow', () => {
  it.each([
    ['push', 'refs/heads/main', {}, 'deploy', 'staging', { app: 'shop-staging', ref: SHA }],
    [
      'push',
      'refs/tags/v1.4.0',
      {},
      'deploy-production',
      'production',
      { app: 'shop', tag: 'v1.4.0', force: 'false', 'staging-app': 'shop-staging' },
    ],
    [
      'workflow_dispatch',
      'refs/heads/main',
      { inputs: { ref: 'hotfix' } },
      'deploy',
      'forced deploy',
      { app: 'shop-staging', ref: 'hotfix' },
    ],
    [
      'workflow_dispatch',
      'refs/heads/main',
      { inputs: {} },
      'deploy',
      'forced deploy',
      { app: 'shop-staging', ref: SHA },
    ],
    [
      'workflow_dispatch',
      'refs/heads/main',
      { inputs: { tag: 'v1.4.0', force: 'true' } },
      'deploy-production',
      'production',
      { tag: 'v1.4.0', force: 'true' },
    ],
    [
      'workflow_dispatch',
      'refs/heads/main',
      { inputs: { tag: 'v1.4.0', force: true } },
      'deploy-production',
      'production',
      { force: 'true' },
    ],
    [
      'pull_request',
      'refs/pull/4/merge',
      {},
      'review-app',
      'review app',
      { 'parent-app': 'shop-staging', addons: 'postgresql:postgresql-starter-512' },
    ],
    ['pull_request_target', 'refs/heads/main', {}, 'review-app', 'review app', { 'parent-app': 'shop-staging' }],
    ['schedule', 'refs/heads/main', {}, 'review-app', 'cleanup', { 'parent-app': 'shop-staging', cleanup: 'true' }],
  ])('%s %s %j → %s (%s)', (event, ref, payload, path, flow, inputs) => {
    const plan = planFlow(context(event, ref, payload), settings);
    expect(plan).toMatchObject({ path, flow, inputs });
  });

  it.each([
    ['push', 'refs/heads/feature', {}, settings, /a push to feature, not to main/],
    ['push', 'refs/tags/nightly', {}, settings, /not a release tag \(vMAJOR.MINOR.PATCH\)/],
    ['push', 'refs/tags/v1.4.0-rc.1', {}, settings, /not a release tag/],
    ['push', 'refs/heads/main', {}, { ...settings, stagingApp: undefined }, /no `staging-app`/],
    ['push', 'refs/tags/v1.4.0', {}, { ...settings, productionApp: undefined }, /no `production-app`/],
    ['pull_request', '', {}, { ...settings, reviewParentApp: undefined }, /no `review-parent-app`/],
    ['issues', '', {}, settings, /the issues event/],
  ])('%s %s: nothing (%s)', (event, ref, payload, given, why) => {
    const plan = planFlow(context(event, ref, payload), given);
    expect(plan.path).toBe('nothing');
    expect(plan.why).toMatch(why);
  });

  it('follows staging-branch and the repository default branch', () => {
    expect(planFlow(context('push', 'refs/heads/develop'), { ...settings, stagingBranch: 'develop' }).path).toBe(
      'deploy',
    );
    const trunk = { ...context('push', 'refs/heads/trunk'), payload: { repository: { default_branch: 'trunk' } } };
    expect(planFlow(trunk, settings).path).toBe('deploy');
  });

  it('takes a prerelease tag when allowed, and a custom tag pattern', () => {
    expect(planFlow(context('push', 'refs/tags/v1.4.0-rc.1'), { ...settings, allowPrerelease: true }).path).toBe(
      'deploy-production',
    );
    expect(
      planFlow(context('push', 'refs/tags/release-2.0.0'), { ...settings, tagPattern: 'release-MAJOR.MINOR.PATCH' }),
    ).toMatchObject({
      path: 'deploy-production',
      inputs: { 'tag-pattern': 'release-MAJOR.MINOR.PATCH' },
    });
  });
});
