import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubApiError, GitHubClient, isPermissionError } from '../../src/github/index.ts';
import { startGitHubDouble, type FaultRule, type GitHubDouble } from '../../sandbox/github/index.ts';
import { clientFor } from './helpers.ts';

let gh: GitHubDouble;

beforeEach(async () => {
  gh = await startGitHubDouble();
  gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

const rateLimited = {
  message: 'API rate limit exceeded for installation ID 1.',
  documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
};

describe('retries', () => {
  it.each([
    ['a 502', { status: 502 }],
    ['a 503 twice', { status: 503, times: 2 }],
    ['a dropped connection', { drop: true }],
    ['a secondary rate limit with retry-after', { status: 403, headers: { 'retry-after': '1' }, body: rateLimited }],
    ['a 429 with retry-after', { status: 429, headers: { 'retry-after': '1' }, body: rateLimited }],
    [
      'a secondary rate limit without headers',
      {
        status: 403,
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      },
    ],
    [
      'an exhausted primary rate limit',
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) },
        body: rateLimited,
      },
    ],
  ] as [string, Omit<FaultRule, 'path'>][])('repeats a GET after %s', async (_what, fault) => {
    const { client } = clientFor(gh);
    gh.fault({ path: `/repos/${gh.owner}/${gh.repo}`, ...fault });
    expect(await client.repository()).toMatchObject({ defaultBranch: 'main' });
    const calls = gh.journal.filter((e) => e.path === `/repos/${gh.owner}/${gh.repo}`);
    expect(calls).toHaveLength((fault.times ?? 1) + 1);
    expect(calls.at(-1)?.status).toBe(200);
  });

  it('gives up on a hung answer after timeoutMs and repeats the GET', async () => {
    const { logger } = clientFor(gh);
    const client = new GitHubClient({
      token: gh.token,
      apiUrl: gh.apiUrl,
      graphqlUrl: gh.graphqlUrl,
      owner: gh.owner,
      repo: gh.repo,
      logger,
      timeoutMs: 1_000,
      retry: { baseDelayMs: 1 },
    });
    // The hung answer would come after the whole test timeout: only giving up on it lets this pass.
    gh.fault({ path: `/repos/${gh.owner}/${gh.repo}`, delayMs: 120_000 });
    expect(await client.repository()).toMatchObject({ defaultBranch: 'main' });
    expect(gh.journal[0]).toMatchObject({ faulted: true, status: 0 });
    expect(gh.journal.at(-1)).toMatchObject({ status: 200 });
    expect(logger.text()).toMatch(/retrying/);
  });

  it('repeats a GraphQL query after a rate limit', async () => {
    const pr = gh.git.mergePullRequest({ title: 'One' });
    const { client } = clientFor(gh);
    gh.fault({
      path: '/graphql',
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit.' },
    });
    expect(await client.pullRequestsByNumber([pr.number])).toHaveLength(1);
    expect(client.requestCount).toBe(2);
  });

  it('repeats a create only after a rate-limit refusal (GitHub did not act on it)', async () => {
    const { client } = clientFor(gh);
    gh.fault({ method: 'POST', path: '/releases', status: 429, headers: { 'retry-after': '1' } });
    await client.createRelease({ tag: 'v1.0.0', name: 'v1.0.0', body: '', draft: true, prerelease: false });
    expect(gh.state.releases).toHaveLength(1);
    expect(gh.mutations().map((e) => e.status)).toEqual([429, 201]);
  });

  it('does not repeat a create after a dropped connection', async () => {
    const { client } = clientFor(gh);
    gh.fault({ method: 'POST', path: '/releases', drop: true });
    await expect(
      client.createRelease({ tag: 'v1.0.0', name: 'v1.0.0', body: '', draft: true, prerelease: false }),
    ).rejects.toBeInstanceOf(GitHubApiError);
    expect(gh.mutations()).toHaveLength(1);
  });

  it('gives up after the configured attempts, with the status and GitHub message', async () => {
    const { client } = clientFor(gh);
    gh.fault({ path: `/repos/${gh.owner}/${gh.repo}`, status: 500, times: 10, body: { message: 'Server Error' } });
    const error = await client.repository().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ status: 500 });
    expect((error as Error).message).toContain('Server Error');
    expect(gh.journal).toHaveLength(4);
  });

  it('reports a rate limit that outlasts the retries as such, not as a missing permission', async () => {
    const { client } = clientFor(gh);
    gh.fault({
      method: 'POST',
      path: '/deployments',
      status: 403,
      headers: { 'retry-after': '60' },
      body: rateLimited,
      times: 10,
    });
    const error = await client
      .createDeployment({ sha: gh.git.head(), environment: 'staging', description: 'd', productionEnvironment: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(isPermissionError(error)).toBe(false);
    expect((error as Error).message).toContain('API rate limit exceeded');
    expect(gh.journal).toHaveLength(4);
  });

  it('does not repeat a plain 403 (a permission, not a rate limit) nor a 404', async () => {
    const { client } = clientFor(gh);
    gh.fault({
      path: `/repos/${gh.owner}/${gh.repo}`,
      status: 403,
      body: { message: 'Must have admin rights to Repository.' },
    });
    await expect(client.repository()).rejects.toMatchObject({ status: 403 });
    gh.fault({ path: `/repos/${gh.owner}/${gh.repo}`, status: 404, body: { message: 'Not Found' } });
    await expect(client.repository()).rejects.toMatchObject({ status: 404 });
    expect(gh.journal).toHaveLength(2);
  });
});

describe('secrets', () => {
  it('masks the token at once and never puts it in an error', async () => {
    const { client, logger } = clientFor(gh);
    expect(logger.masked).toContain(gh.token);
    gh.fault({ path: `/repos/${gh.owner}/${gh.repo}`, status: 500, times: 10, body: { message: 'Server Error' } });
    const error = (await client.repository().catch((e: unknown) => e)) as Error;
    expect(`${error.message}\n${error.stack}\n${logger.text()}`).not.toContain(gh.token);
  });

  it('does not follow a pagination link to another origin with the token', async () => {
    const { client } = clientFor(gh);
    gh.fault({
      path: '/tags',
      status: 200,
      headers: { link: '<http://127.0.0.2:9/steal?page=2>; rel="next"' },
      body: [],
    });
    await expect(client.tags()).rejects.toThrow(/leaves the API origin/);
    expect(gh.journal).toHaveLength(1);
  });

  it('sends the token as a bearer credential and the double refuses a wrong one with 401', async () => {
    const { client } = clientFor({ ...gh, token: 'ghs_wrong' });
    await expect(client.repository()).rejects.toMatchObject({ status: 401 });
    expect(gh.journal.at(-1)?.status).toBe(401);
  });
});
