import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { closeReleaseMilestone } from '../../src/aftercare/milestone.ts';
import { ChoreError, pacer } from '../../src/aftercare/pace.ts';
import { GitHubClient } from '../../src/github/client.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { clientFor } from '../github/helpers.ts';

let gh: GitHubDouble;
beforeEach(async () => {
  gh = await startGitHubDouble();
  gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

const prs = (n: number) => Array.from({ length: n }, (_, i) => gh.git.mergePullRequest({ title: `PR ${i}` }).number);
const close = (client: GitHubClient, pullRequests: number[], mode: 'close' | 'create-and-close' = 'close') =>
  closeReleaseMilestone(client, new MemoryLogger(), { mode, tag: 'v1.3.0', version: '1.3.0', pullRequests }, pacer(1));

describe('the release milestone', () => {
  it.each([['v1.3.0'], ['1.3.0']])('finds %s, fills it with what is missing and closes it', async (title) => {
    const numbers = prs(3);
    const { client } = clientFor(gh);
    const m = await client.createMilestone(title);
    await client.setMilestone(numbers[0]!, m.number);
    const done = await close(client, numbers);
    expect(done).toMatchObject({ created: false, assigned: numbers.slice(1), wasClosed: false });
    expect(gh.state.milestones).toMatchObject([{ title, state: 'closed', closed_issues: 3 }]);
    // Again: nothing to assign, already closed, no write.
    const before = gh.mutations().length;
    expect(await close(client, numbers)).toMatchObject({ assigned: [], wasClosed: true });
    expect(gh.mutations()).toHaveLength(before);
  });

  it('close without a milestone is a notice and writes nothing', async () => {
    const { client } = clientFor(gh);
    expect((await close(client, prs(1))).notice).toBe(
      'No milestone named v1.3.0 or 1.3.0: nothing to close (`milestone: create-and-close` creates it).',
    );
    expect(gh.mutations()).toEqual([]);
  });

  it.each([
    [['v1.1.0', 'v1.2.0'], 'v1.3.0'],
    [['1.1.0', '1.2.0', 'Backlog'], '1.3.0'],
    [[], 'v1.3.0'],
  ])('create-and-close with %j names it %s', async (existing, title) => {
    const { client } = clientFor(gh);
    for (const t of existing) await client.createMilestone(t);
    expect((await close(client, prs(1), 'create-and-close')).milestone?.title).toBe(title);
  });

  it('a title taken in another case (422) is the release’s milestone', async () => {
    gh.settings = { ...gh.settings, duplicateMilestoneTitles: 'refuse-ignoring-case' };
    const { client } = clientFor(gh);
    await client.createMilestone('V1.3.0');
    const done = await close(client, prs(1), 'create-and-close');
    expect(done).toMatchObject({ created: false, milestone: { title: 'V1.3.0' } });
  });

  it('an assignment GitHub silently drops (no push access) is caught, with what is left', async () => {
    const numbers = prs(2);
    const { client } = clientFor(gh);
    await client.createMilestone('v1.3.0');
    const login = gh.addToken({ login: 'triager', push: false });
    const weak = new GitHubClient({
      token: login,
      apiUrl: gh.apiUrl,
      graphqlUrl: gh.graphqlUrl,
      owner: gh.owner,
      repo: gh.repo,
      logger: new MemoryLogger(),
      retry: { baseDelayMs: 1 },
    });
    const error = (await close(weak, numbers).catch((e: unknown) => e)) as ChoreError;
    expect(error).toBeInstanceOf(ChoreError);
    expect(error.message).toMatch(
      /GitHub ignored putting #\d+, #\d+ in the milestone v1\.3\.0: the token lacks push access/,
    );
    expect(error.left[0]).toMatch(/^Put #\d+, #\d+ in the milestone v1\.3\.0 \(.*\), then close it/);
    expect(gh.state.milestones[0]).toMatchObject({ state: 'open' });
  });
});
