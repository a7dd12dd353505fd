import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble, type PullRequestEventSpec } from '../../../sandbox/github/index.ts';
import { api } from './http.ts';

let gh: GitHubDouble;
let base: string;

beforeEach(async () => {
  gh = await startGitHubDouble();
  base = gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

describe('pull requests over REST (facts B5/B6)', () => {
  it('serves an open same-repository pull request with head, base, user, labels and flags', async () => {
    const pr = gh.git.openPullRequest({ title: 'Add cart', labels: ['feature'], author: 'alice', draft: true });
    const { body } = await api(gh, 'GET', `/repos/acme/shop/pulls/${pr.number}`);
    expect(body).toMatchObject({
      number: pr.number,
      state: 'open',
      draft: true,
      merged: false,
      merged_at: null,
      html_url: `${gh.htmlUrl}/pull/${pr.number}`,
      user: { login: 'alice', type: 'User' },
      labels: [{ name: 'feature' }],
      head: {
        ref: `pr-${pr.number}`,
        sha: pr.headSha,
        label: `acme:pr-${pr.number}`,
        repo: { full_name: 'acme/shop', fork: false },
      },
      base: { ref: 'main', sha: base, label: 'acme:main', repo: { full_name: 'acme/shop', fork: false } },
    });
  });

  it('serves a fork pull request: head in another owner’s repository, fork: true, no branch here', async () => {
    const pr = gh.git.openPullRequest({ title: 'Typo', author: 'mallory', fork: 'mallory', branch: 'main' });
    const { body } = await api(gh, 'GET', `/repos/acme/shop/pulls/${pr.number}`);
    expect(body.head).toMatchObject({
      ref: 'main',
      label: 'mallory:main',
      sha: pr.headSha,
      repo: { full_name: 'mallory/shop', fork: true, owner: { login: 'mallory' } },
    });
    expect(body.base.repo.full_name).toBe('acme/shop');
    expect(gh.git.head('main')).toBe(base); // the fork's main is not ours
    expect(gh.git.resolve(`refs/pull/${pr.number}/head`)).toBe(pr.headSha);
  });

  it('serves a Dependabot pull request by dependabot[bot], a Bot', async () => {
    const pr = gh.git.openPullRequest({
      title: 'Bump lodash from 4.17.20 to 4.17.21',
      author: 'dependabot[bot]',
      branch: 'dependabot/npm_and_yarn/lodash-4.17.21',
      labels: ['dependencies'],
    });
    const { body } = await api(gh, 'GET', `/repos/acme/shop/pulls/${pr.number}`);
    expect(body.user).toMatchObject({ login: 'dependabot[bot]', type: 'Bot', id: 49699333 });
    expect(body.head.ref).toBe('dependabot/npm_and_yarn/lodash-4.17.21');
  });

  it.each([['same repository'], ['fork']])('a push to an open %s pull request moves its head SHA', async (kind) => {
    const pr = gh.git.openPullRequest({ title: 'Work', ...(kind === 'fork' ? { fork: 'mallory' } : {}) });
    const { before, after } = gh.git.pushToPullRequest(pr.number, { files: { 'more.txt': '2\n' }, message: 'More' });
    expect(before).toBe(pr.commits[0]);
    expect(after).not.toBe(before);
    expect(gh.git.git(['rev-list', '--parents', '-n', '1', after]).trim().split(' ')[1]).toBe(before);
    expect((await api(gh, 'GET', `/repos/acme/shop/pulls/${pr.number}`)).body.head.sha).toBe(after);
    expect(gh.git.resolve(`refs/pull/${pr.number}/head`)).toBe(after);
    expect(gh.git.pulls.forCommit(after).map((p) => p.number)).toEqual([pr.number]);
    expect(gh.git.head('main')).toBe(base);
    const merged = gh.git.mergeOpenPullRequest(pr.number, 'squash');
    expect(gh.git.git(['show', `${merged.mergeCommitSha}:more.txt`])).toBe('2\n');
  });

  it('closes without merging: state closed, merged false', async () => {
    const pr = gh.git.openPullRequest({ title: 'Abandoned' });
    gh.git.closePullRequest(pr.number);
    const { body } = await api(gh, 'GET', `/repos/acme/shop/pulls/${pr.number}`);
    expect(body).toMatchObject({ state: 'closed', merged: false, merged_at: null, closed_at: expect.any(String) });
  });
});

describe('pull_request / pull_request_target event payloads', () => {
  const cases: [string, (n: number) => PullRequestEventSpec, Record<string, unknown>][] = [
    ['opened', (n) => ({ number: n, action: 'opened' }), { action: 'opened' }],
    ['reopened', (n) => ({ number: n, action: 'reopened' }), { action: 'reopened' }],
    [
      'labeled',
      (n) => ({ number: n, action: 'labeled', label: 'deploy-review', sender: 'bob' }),
      { action: 'labeled', label: { name: 'deploy-review' }, sender: { login: 'bob', type: 'User' } },
    ],
  ];
  it.each(cases)('%s: action, number, pull_request, repository, sender', (_what, spec, expected) => {
    const pr = gh.git.openPullRequest({ title: 'Event', author: 'alice' });
    const event = gh.pullRequestEvent(spec(pr.number));
    expect(event.eventName).toBe('pull_request');
    expect(event.payload).toMatchObject({
      number: pr.number,
      pull_request: { number: pr.number, state: 'open', head: { sha: pr.headSha } },
      repository: { full_name: 'acme/shop' },
      sender: { login: 'alice' },
      ...expected,
    });
    expect(event.env).toMatchObject({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: `refs/pull/${pr.number}/merge`,
      GITHUB_HEAD_REF: `pr-${pr.number}`,
      GITHUB_BASE_REF: 'main',
    });
    // GITHUB_SHA is a real test merge commit of head into base, not the head.
    const parents = gh.git.git(['rev-list', '--parents', '-n', '1', event.env.GITHUB_SHA!]).trim().split(' ');
    expect(parents.slice(1)).toEqual([base, pr.headSha]);
    expect(gh.git.resolve(`refs/pull/${pr.number}/merge`)).toBe(event.env.GITHUB_SHA);
    if (spec(pr.number).action === 'labeled') expect(gh.git.pulls.get(pr.number)?.labels).toContain('deploy-review');
  });

  it('synchronize carries before and after', () => {
    const pr = gh.git.openPullRequest({ title: 'Event' });
    const { before, after } = gh.git.pushToPullRequest(pr.number, { files: { 'b.txt': 'b' } });
    const { payload } = gh.pullRequestEvent({ number: pr.number, action: 'synchronize' });
    expect(payload).toMatchObject({ action: 'synchronize', before, after, pull_request: { head: { sha: after } } });
  });

  it.each([
    ['merged', true],
    ['closed unmerged', false],
  ])('closed (%s) carries merged %s', (_what, merged) => {
    const pr = gh.git.openPullRequest({ title: 'Event' });
    if (merged) gh.git.mergeOpenPullRequest(pr.number);
    else gh.git.closePullRequest(pr.number);
    const event = gh.pullRequestEvent({ number: pr.number, action: 'closed' });
    expect(event.payload).toMatchObject({ action: 'closed', pull_request: { state: 'closed', merged } });
    if (merged) expect(event.env).toMatchObject({ GITHUB_REF: 'refs/heads/main', GITHUB_SHA: gh.git.head('main') });
    else expect(event.env.GITHUB_REF).toBe(`refs/pull/${pr.number}/merge`);
  });

  it('pull_request_target runs on the default branch’s latest commit, even for a fork', () => {
    const pr = gh.git.openPullRequest({ title: 'From a fork', author: 'mallory', fork: 'mallory' });
    const event = gh.pullRequestEvent({ number: pr.number, action: 'opened', eventName: 'pull_request_target' });
    expect(event.eventName).toBe('pull_request_target');
    expect(event.env).toMatchObject({ GITHUB_REF: 'refs/heads/main', GITHUB_SHA: base, GITHUB_ACTOR: 'mallory' });
    expect(event.payload.pull_request).toMatchObject({ head: { repo: { full_name: 'mallory/shop', fork: true } } });
  });

  it.each([
    ['closed on an open pull request', (n: number) => ({ number: n, action: 'closed' as const }), /merge or close/],
    ['synchronize before any push', (n: number) => ({ number: n, action: 'synchronize' as const }), /never pushed/],
    ['labeled without a label', (n: number) => ({ number: n, action: 'labeled' as const }), /needs a label/],
  ])('refuses %s', (_what, spec, message) => {
    const pr = gh.git.openPullRequest({ title: 'Event' });
    expect(() => gh.pullRequestEvent(spec(pr.number))).toThrow(message);
  });

  it('refuses a pull_request run for a pull request that conflicts with its base (GitHub runs none)', () => {
    const pr = gh.git.openPullRequest({ title: 'Conflict', files: { 'README.md': 'theirs\n' } });
    gh.git.commit({ 'README.md': 'ours\n' }, 'Main edits README');
    expect(() => gh.pullRequestEvent({ number: pr.number, action: 'opened' })).toThrow(/conflicts/);
    expect(
      gh.pullRequestEvent({ number: pr.number, action: 'opened', eventName: 'pull_request_target' }).env.GITHUB_SHA,
    ).toBe(gh.git.head('main'));
  });
});
