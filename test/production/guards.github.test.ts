// The branch guard against the GitHub double and the real client: its cost does not grow with the
// distance between the tag and the branch tip.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkReachable, GuardRefusal } from '../../src/production/guards.ts';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { clientFor } from '../github/helpers.ts';

let gh: GitHubDouble;
let first: string;
let tip: string;

beforeEach(async () => {
  gh = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  // Small pages: reading the commits would take many requests; the guard must not read them.
  gh.maxPerPage = 10;
  first = gh.git.commit({ 'README.md': 'shop\n' }, 'Initial commit');
  gh.git.tag('v1.0.0');
  gh.git.branch('stable');
  gh.git.bulkHistory({ commits: 250, pullRequests: 0 });
  tip = gh.git.head('main');
  gh.git.tag('v2.0.0');
});
afterEach(async () => {
  await gh.close();
});

const compareRequests = () => gh.journal.filter((e) => e.path.includes('/compare/'));

describe('branch guard cost', () => {
  it('passes a tag 250 commits behind the tip of its branch in one compare request', async () => {
    const { client } = clientFor(gh);
    const check = await checkReachable(client, 'main', 'v1.0.0', first);
    expect(check).toMatchObject({ guard: 'branch', outcome: 'passed' });
    expect(compareRequests()).toHaveLength(1);
  });

  it('refuses a tag 250 commits ahead of the branch in one compare request', async () => {
    const { client } = clientFor(gh);
    const error = await checkReachable(client, 'stable', 'v2.0.0', tip).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuardRefusal);
    expect((error as Error).message).toContain('is 250 commit(s) ahead of stable');
    expect(compareRequests()).toHaveLength(1);
  });
});
