import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../../sandbox/github/index.ts';
import { api, linkTo } from './http.ts';

let gh: GitHubDouble;
let clock: number;

beforeEach(async () => {
  clock = Date.parse('2026-03-02T10:00:00Z');
  gh = await startGitHubDouble({ now: () => clock });
  gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

const comments = (n: number) => `/repos/acme/shop/issues/${n}/comments`;

describe('issue and pull-request comments', () => {
  it('creates a comment as the token’s account: github-actions[bot] for the default token', async () => {
    const pr = gh.git.openPullRequest({ title: 'Review app' });
    const created = await api(gh, 'POST', comments(pr.number), { body: 'Deployed to https://pr-1.example' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      body: 'Deployed to https://pr-1.example',
      user: { login: 'github-actions[bot]', type: 'Bot', id: 41898282 },
      author_association: 'NONE',
      issue_url: `${gh.apiUrl}/repos/acme/shop/issues/${pr.number}`,
      html_url: `${gh.htmlUrl}/pull/${pr.number}#issuecomment-${created.body.id}`,
      created_at: '2026-03-02T10:00:00Z',
      performed_via_github_app: { slug: 'github-actions' },
    });
    expect(gh.state.comments).toEqual([created.body]);
    expect(gh.mutations()).toEqual([
      expect.objectContaining({ method: 'POST', path: comments(pr.number), status: 201, login: 'github-actions[bot]' }),
    ]);
  });

  it('lets a test give a second token its own identity (a human reviewer)', async () => {
    const issue = gh.addIssue({ title: 'Bug' });
    const human = gh.addToken({ login: 'alice' });
    const created = await api(gh, 'POST', comments(issue.number), { body: 'Seen it' }, human);
    expect(created.body.user).toMatchObject({ login: 'alice', type: 'User' });
    expect(created.body.author_association).toBe('MEMBER');
    expect(created.body.performed_via_github_app).toBeNull();
    expect(gh.identity(human)).toMatchObject({ login: 'alice', push: true, admin: false });
  });

  it('lists ascending by id, paged with a Link header, and filters by since', async () => {
    const pr = gh.git.openPullRequest({ title: 'Many comments' });
    for (let i = 1; i <= 5; i++) {
      clock += 60_000;
      await api(gh, 'POST', comments(pr.number), { body: `comment ${i}` });
    }
    const first = await api(gh, 'GET', `${comments(pr.number)}?per_page=2`);
    expect(first.body.map((c: { body: string }) => c.body)).toEqual(['comment 1', 'comment 2']);
    const bodies: string[] = [];
    let next: string | undefined = `${gh.apiUrl}${comments(pr.number)}?per_page=2`;
    while (next) {
      const answer = await api(gh, 'GET', next);
      bodies.push(...answer.body.map((c: { body: string }) => c.body));
      next = linkTo(answer.headers, 'next');
    }
    expect(bodies).toEqual(['comment 1', 'comment 2', 'comment 3', 'comment 4', 'comment 5']);
    const since = await api(gh, 'GET', `${comments(pr.number)}?since=2026-03-02T10:04:00Z`);
    expect(since.body.map((c: { body: string }) => c.body)).toEqual(['comment 4', 'comment 5']);
    expect(since.headers.get('link')).toBeNull();
  });

  it('updates, reads and deletes a comment by id (no issue number in the path)', async () => {
    const pr = gh.git.openPullRequest({ title: 'Sticky' });
    const { body: created } = await api(gh, 'POST', comments(pr.number), { body: 'v1' });
    clock += 5_000;
    const edited = await api(gh, 'PATCH', `/repos/acme/shop/issues/comments/${created.id}`, { body: 'v2' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: created.id, body: 'v2', updated_at: '2026-03-02T10:00:05Z' });
    expect((await api(gh, 'GET', `/repos/acme/shop/issues/comments/${created.id}`)).body.body).toBe('v2');
    expect((await api(gh, 'DELETE', `/repos/acme/shop/issues/comments/${created.id}`)).status).toBe(204);
    expect((await api(gh, 'GET', `/repos/acme/shop/issues/comments/${created.id}`)).status).toBe(404);
    expect(gh.state.comments).toEqual([]);
    expect(gh.mutations().map((e) => [e.method, e.status])).toEqual([
      ['POST', 201],
      ['PATCH', 200],
      ['DELETE', 204],
    ]);
  });

  it.each([
    ['an unknown issue number', 404, 'POST', comments(99), { body: 'x' }],
    ['a list on an unknown issue', 404, 'GET', comments(99), undefined],
    ['an unknown comment id (PATCH)', 404, 'PATCH', '/repos/acme/shop/issues/comments/9999', { body: 'x' }],
    ['an unknown comment id (DELETE)', 404, 'DELETE', '/repos/acme/shop/issues/comments/9999', undefined],
    ['a missing body', 422, 'POST', comments(1), {}],
  ])('answers %s with %i (%s %s)', async (_what, status, method, path, body) => {
    gh.git.openPullRequest({ title: 'One' });
    expect((await api(gh, method, path, body)).status).toBe(status);
  });

  it.each([
    ['at the limit', 65_536, 201],
    ['one over', 65_537, 422],
  ])('accepts a body %s of 65,536 characters and refuses longer (%i → %i)', async (_what, length, status) => {
    const pr = gh.git.openPullRequest({ title: 'Long' });
    const answer = await api(gh, 'POST', comments(pr.number), { body: 'x'.repeat(length) });
    expect(answer.status).toBe(status);
    if (status === 422)
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ field: 'body', message: 'body is too long (maximum is 65536 characters)' }),
      ]);
  });

  it('counts characters, not UTF-16 units, and takes the limit as an option (unconfirmed)', async () => {
    gh.settings.maxCommentLength = 3;
    const pr = gh.git.openPullRequest({ title: 'Emoji' });
    expect((await api(gh, 'POST', comments(pr.number), { body: '🚀🚀🚀' })).status).toBe(201);
    expect((await api(gh, 'POST', comments(pr.number), { body: '🚀🚀🚀🚀' })).status).toBe(422);
    const { body: first } = await api(gh, 'GET', comments(pr.number));
    expect((await api(gh, 'PATCH', `/repos/acme/shop/issues/comments/${first[0].id}`, { body: 'long' })).status).toBe(
      422,
    );
  });

  it('refuses every write of a read-only token (a fork pull request’s GITHUB_TOKEN)', async () => {
    const pr = gh.git.openPullRequest({ title: 'From a fork', fork: 'mallory' });
    const readOnly = gh.addToken({ login: 'github-actions[bot]', readOnly: true });
    const answer = await api(gh, 'POST', comments(pr.number), { body: 'x' }, readOnly);
    expect(answer).toMatchObject({ status: 403, body: { message: 'Resource not accessible by integration' } });
    expect((await api(gh, 'GET', comments(pr.number), undefined, readOnly)).status).toBe(200);
    expect(gh.state.comments).toEqual([]);
  });
});
