import { afterEach, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../../sandbox/github/index.ts';

let gh: GitHubDouble;
afterEach(async () => {
  await gh.close();
});

it('keeps only settings in gh.settings, merging a partial contentLimits over the defaults', async () => {
  gh = await startGitHubDouble({
    token: 'ghs_x',
    owner: 'acme',
    maxCommentLength: 10,
    contentLimits: { perMinute: 5 },
  });
  expect(gh.settings).toEqual({
    maxCommentLength: 10,
    contentLimits: { perMinute: 5, perHour: 500, status: 403 },
    duplicateMilestoneTitles: 'refuse',
    milestoneSort: 'due_on',
    milestoneDirection: 'asc',
    autoInactiveProduction: true,
    deploymentsCreateEnvironments: true,
    autoMergeDefault: true,
  });
});
