import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../../sandbox/github/index.ts';
import { api, linkTo } from './http.ts';

let gh: GitHubDouble;

beforeEach(async () => {
  gh = await startGitHubDouble();
  gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

const M = '/repos/acme/shop/milestones';
const create = (body: Record<string, unknown>) => api(gh, 'POST', M, body);
const titles = (list: { title: string }[]) => list.map((m) => m.title);

describe('milestones (facts B2)', () => {
  it('creates a milestone (201) addressed by its number, not its id', async () => {
    const answer = await create({ title: 'v1.2.0', description: 'Release v1.2.0', due_on: '2026-04-01T00:00:00Z' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      number: 1,
      title: 'v1.2.0',
      state: 'open',
      open_issues: 0,
      closed_issues: 0,
      due_on: '2026-04-01T00:00:00Z',
      creator: { login: 'github-actions[bot]' },
      url: `${gh.apiUrl}${M}/1`,
      html_url: `${gh.htmlUrl}/milestone/1`,
    });
    expect(answer.body.id).not.toBe(1);
    expect((await api(gh, 'GET', `${M}/1`)).body.title).toBe('v1.2.0');
    expect((await api(gh, 'GET', `${M}/${answer.body.id}`)).status).toBe(404);
    expect(gh.state.milestones).toHaveLength(1);
  });

  it('lists open by default, closed or all on request, paged with Link', async () => {
    for (const title of ['a', 'b', 'c']) await create({ title });
    await api(gh, 'PATCH', `${M}/2`, { state: 'closed' });
    expect(titles((await api(gh, 'GET', M)).body)).toEqual(['a', 'c']);
    expect(titles((await api(gh, 'GET', `${M}?state=closed`)).body)).toEqual(['b']);
    const first = await api(gh, 'GET', `${M}?state=all&per_page=2`);
    expect(titles(first.body)).toEqual(['a', 'b']);
    const rest = await api(gh, 'GET', linkTo(first.headers, 'next')!);
    expect(titles(rest.body)).toEqual(['c']);
  });

  it.each([
    ['default (due_on, asc): no due date last', '', ['soon', 'later', 'undated']],
    ['due_on desc', '&sort=due_on&direction=desc', ['later', 'soon', 'undated']],
    ['completeness asc', '&sort=completeness', ['undated', 'later', 'soon']],
    ['completeness desc', '&sort=completeness&direction=desc', ['soon', 'later', 'undated']],
  ])('sorts %s', async (_what, query, expected) => {
    await create({ title: 'undated' });
    await create({ title: 'later', due_on: '2026-06-01T00:00:00Z' });
    await create({ title: 'soon', due_on: '2026-05-01T00:00:00Z' });
    // completeness: soon 1/1 closed, later 1/2, undated 0/1
    const issue = async (milestone: number, state: 'open' | 'closed') =>
      gh.addIssue({ title: `for ${milestone}`, milestone, state });
    await issue(3, 'closed');
    await issue(2, 'closed');
    await issue(2, 'open');
    await issue(1, 'open');
    expect(titles((await api(gh, 'GET', `${M}?state=all${query}`)).body)).toEqual(expected);
  });

  it.each([
    ['refuse', 'v1', 422],
    ['refuse', 'V1', 201],
    ['refuse-ignoring-case', 'V1', 422],
    ['allow', 'v1', 201],
  ] as const)('duplicate titles, %s: creating %s after v1 → %i', async (rule, title, status) => {
    gh.settings.duplicateMilestoneTitles = rule;
    await create({ title: 'v1' });
    const answer = await create({ title });
    expect(answer.status).toBe(status);
    if (status === 422) expect(answer.body.errors).toEqual([expect.objectContaining({ code: 'already_exists' })]);
  });

  it('closes with {"state":"closed"} (200) and deletes (204), unhooking its issues', async () => {
    await create({ title: 'v1' });
    const pr = gh.git.openPullRequest({ title: 'Feature' });
    await api(gh, 'PATCH', `/repos/acme/shop/issues/${pr.number}`, { milestone: 1 });
    const closed = await api(gh, 'PATCH', `${M}/1`, { state: 'closed' });
    expect(closed).toMatchObject({ status: 200, body: { state: 'closed', closed_at: expect.any(String) } });
    expect((await api(gh, 'DELETE', `${M}/1`)).status).toBe(204);
    expect((await api(gh, 'GET', `${M}/1`)).status).toBe(404);
    expect((await api(gh, 'GET', `/repos/acme/shop/pulls/${pr.number}`)).body.milestone).toBeNull();
    expect(gh.mutations().map((e) => `${e.method} ${e.status}`)).toEqual([
      'POST 201',
      'PATCH 200',
      'PATCH 200',
      'DELETE 204',
    ]);
  });

  it.each([
    ['a missing title', {}],
    ['a bad due_on', { title: 'x', due_on: 'next week' }],
  ])('refuses %s with 422', async (_what, body) => {
    expect((await create(body)).status).toBe(422);
  });
});

describe('issues and pull requests of a milestone', () => {
  it('sets a PR’s milestone through PATCH …/issues/{n} and lists it with a pull_request key', async () => {
    await create({ title: 'v1' });
    const merged = gh.git.mergePullRequest({ title: 'Merged one' });
    const open = gh.git.openPullRequest({ title: 'Open one' });
    const issue = gh.addIssue({ title: 'A bug' });
    gh.addIssue({ title: 'Unrelated' });
    for (const n of [merged.number, open.number, issue.number]) {
      const patched = await api(gh, 'PATCH', `/repos/acme/shop/issues/${n}`, { milestone: 1 });
      expect(patched.body.milestone).toMatchObject({ number: 1, title: 'v1' });
    }
    const all = await api(gh, 'GET', '/repos/acme/shop/issues?milestone=1&state=all');
    expect(all.body.map((i: { number: number }) => i.number)).toEqual([issue.number, open.number, merged.number]);
    expect(all.body.map((i: object) => 'pull_request' in i)).toEqual([false, true, true]);
    expect(all.body[2].pull_request).toMatchObject({ merged_at: merged.mergedAt });
    expect(all.body[2].id).toBe(100000 + merged.number);
    const openOnly = await api(gh, 'GET', '/repos/acme/shop/issues?milestone=1');
    expect(openOnly.body.map((i: { number: number }) => i.number)).toEqual([issue.number, open.number]);
    expect((await api(gh, 'GET', `${M}/1`)).body).toMatchObject({ open_issues: 2, closed_issues: 1 });
    expect((await api(gh, 'GET', '/repos/acme/shop/issues?milestone=none&state=all')).body).toHaveLength(1);
  });

  it('removes the milestone with null, and refuses an unknown milestone number (422)', async () => {
    await create({ title: 'v1' });
    const pr = gh.git.openPullRequest({ title: 'PR' });
    await api(gh, 'PATCH', `/repos/acme/shop/issues/${pr.number}`, { milestone: 1 });
    expect((await api(gh, 'PATCH', `/repos/acme/shop/issues/${pr.number}`, { milestone: null })).body.milestone).toBe(
      null,
    );
    expect((await api(gh, 'PATCH', `/repos/acme/shop/issues/${pr.number}`, { milestone: 7 })).status).toBe(422);
    expect((await api(gh, 'PATCH', '/repos/acme/shop/issues/99', { milestone: 1 })).status).toBe(404);
  });

  it('silently drops the milestone change of a token without push access (200, unchanged)', async () => {
    await create({ title: 'v1' });
    const pr = gh.git.openPullRequest({ title: 'PR', labels: ['feature'] });
    const triage = gh.addToken({ login: 'outsider', push: false });
    const answer = await api(gh, 'PATCH', `/repos/acme/shop/issues/${pr.number}`, { milestone: 1 }, triage);
    expect(answer.status).toBe(200);
    expect(answer.body.milestone).toBeNull();
    expect(gh.git.pulls.get(pr.number)?.milestone ?? null).toBeNull();
    expect(gh.journal.at(-1)).toMatchObject({ method: 'PATCH', status: 200, login: 'outsider' });
  });

  it('shares one number sequence between issues and pull requests', async () => {
    const first = gh.git.openPullRequest({ title: 'PR' });
    const issue = gh.addIssue({ title: 'Issue' });
    const created = await api(gh, 'POST', '/repos/acme/shop/issues', { title: 'Via REST', labels: ['bug'] });
    const second = gh.git.openPullRequest({ title: 'PR 2' });
    expect([first.number, issue.number, created.body.number, second.number]).toEqual([1, 2, 3, 4]);
    expect(created.body).toMatchObject({
      state: 'open',
      labels: [{ name: 'bug' }],
      user: { login: 'github-actions[bot]' },
    });
    expect((await api(gh, 'GET', '/repos/acme/shop/issues/2')).body).not.toHaveProperty('pull_request');
  });

  it('edits title, body and state through PATCH …/issues/{n}, for issues and pull requests alike', async () => {
    const issue = gh.addIssue({ title: 'Bug', body: 'Steps' });
    const pr = gh.git.openPullRequest({ title: 'Fix', body: 'Details' });
    const edited = await api(gh, 'PATCH', `/repos/acme/shop/issues/${issue.number}`, { body: null, state: 'closed' });
    expect(edited.body).toMatchObject({ body: null, state: 'closed', closed_at: expect.any(String) });
    const closed = await api(gh, 'PATCH', `/repos/acme/shop/issues/${pr.number}`, { title: 'Fix it', state: 'closed' });
    expect(closed.body).toMatchObject({ title: 'Fix it', state: 'closed', pull_request: { merged_at: null } });
    expect((await api(gh, 'GET', `/repos/acme/shop/pulls/${pr.number}`)).body).toMatchObject({
      state: 'closed',
      merged: false,
    });
  });
});
