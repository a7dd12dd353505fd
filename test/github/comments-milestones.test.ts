import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { clientFor } from './helpers.ts';

let gh: GitHubDouble;
beforeEach(async () => {
  gh = await startGitHubDouble();
  gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

describe('comments', () => {
  it('lists every page oldest first, creates once and updates in place', async () => {
    const pr = gh.git.mergePullRequest({ title: 'Cart' });
    const { client } = clientFor(gh);
    gh.maxPerPage = 2;
    for (const n of [1, 2, 3]) await client.createComment(pr.number, `note ${n}`);
    const listed = await client.comments(pr.number);
    expect(listed.map((c) => c.body)).toEqual(['note 1', 'note 2', 'note 3']);
    expect(listed[0]!.author).toBe('github-actions[bot]');
    const updated = await client.updateComment(listed[1]!.id, 'note 2, edited');
    expect(updated.body).toBe('note 2, edited');
    expect(gh.state.comments.map((c) => c.body)).toEqual(['note 1', 'note 2, edited', 'note 3']);
  });

  it('never repeats a create after a lost answer', async () => {
    const pr = gh.git.mergePullRequest({ title: 'Cart' });
    const { client } = clientFor(gh);
    gh.fault({ method: 'POST', path: /\/comments$/, drop: true });
    await expect(client.createComment(pr.number, 'once')).rejects.toMatchObject({ status: 0 });
    expect(gh.journal.filter((e) => e.method === 'POST')).toHaveLength(1);
  });
});

describe('milestones', () => {
  it('creates, assigns and closes, and lists open and closed ones', async () => {
    const pr = gh.git.mergePullRequest({ title: 'Cart' });
    const { client } = clientFor(gh);
    const created = await client.createMilestone('v1.2.0');
    await client.setMilestone(pr.number, created.number);
    const closed = await client.closeMilestone(created.number);
    expect(closed).toMatchObject({ title: 'v1.2.0', state: 'closed' });
    expect((await client.milestones()).map((m) => [m.title, m.state])).toEqual([['v1.2.0', 'closed']]);
    const assigned = gh.journal.find((e) => e.method === 'PATCH' && e.path.endsWith(`/issues/${pr.number}`));
    expect(assigned).toMatchObject({ status: 200, body: { milestone: created.number } });
  });
});

describe('transient deployments', () => {
  it('records an environment that goes away', async () => {
    const { client } = clientFor(gh);
    await client.createDeployment({
      sha: gh.git.head(),
      environment: 'review/pr-4',
      description: 'Review app',
      productionEnvironment: false,
      transientEnvironment: true,
    });
    expect(gh.state.deployments[0]).toMatchObject({ environment: 'review/pr-4', transient_environment: true });
  });
});
