import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubApiError } from '../../src/github/index.ts';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { clientFor } from './helpers.ts';

let gh: GitHubDouble;
let initial: string;

beforeEach(async () => {
  gh = await startGitHubDouble();
  initial = gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

const graphqlRequests = () => gh.journal.filter((e) => e.path === '/graphql');

describe('pull requests over GraphQL', () => {
  it('reads pull requests by number with labels, author, merge commit and base', async () => {
    const pr = gh.git.mergePullRequest({
      title: 'Add the cart',
      body: 'Closes #4',
      labels: ['feature', 'ui'],
      author: 'alice',
      strategy: 'squash',
    });
    const bot = gh.git.mergePullRequest({ title: 'Bump django', author: 'dependabot[bot]', labels: ['dependencies'] });
    const { client } = clientFor(gh);
    const found = await client.pullRequestsByNumber([pr.number, bot.number]);
    expect(found).toEqual([
      {
        number: pr.number,
        title: 'Add the cart',
        body: 'Closes #4',
        url: `${gh.htmlUrl}/pull/${pr.number}`,
        mergedAt: pr.mergedAt,
        mergeCommitSha: pr.mergeCommitSha,
        author: { login: 'alice', isBot: false },
        labels: ['feature', 'ui'],
        baseRefName: 'main',
      },
      expect.objectContaining({
        number: bot.number,
        author: { login: 'dependabot', isBot: true },
        labels: ['dependencies'],
      }),
    ]);
    expect(pr.mergedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('leaves out numbers that are not pull requests (GitHub answers NOT_FOUND for them)', async () => {
    const pr = gh.git.mergePullRequest({ title: 'Real one' });
    const { client } = clientFor(gh);
    expect((await client.pullRequestsByNumber([pr.number, 4242])).map((p) => p.number)).toEqual([pr.number]);
  });

  it.each([
    [1, 1],
    [100, 1],
    [101, 2],
    [250, 3],
  ])('asks for %i pull requests in %i GraphQL queries', async (count, queries) => {
    const history = gh.git.bulkHistory({ commits: count, pullRequests: count, strategy: 'squash' });
    const { client } = clientFor(gh);
    const found = await client.pullRequestsByNumber(history.pulls.map((p) => p.number));
    expect(found).toHaveLength(count);
    expect(graphqlRequests()).toHaveLength(queries);
    expect(client.requestCount).toBe(queries);
    expect(graphqlRequests().every((e) => e.graphql === 'query' && e.status === 200)).toBe(true);
  });

  it('maps each commit to its pull requests, whatever the merge strategy', async () => {
    const merged = gh.git.mergePullRequest({ title: 'Merge commit', strategy: 'merge' });
    const squashed = gh.git.mergePullRequest({ title: 'Squashed', strategy: 'squash' });
    const rebased = gh.git.mergePullRequest({
      title: 'Rebased',
      strategy: 'rebase',
      commits: [
        { files: { a: '1' }, message: 'a' },
        { files: { b: '1' }, message: 'b' },
      ],
    });
    const direct = gh.git.commit({ c: '1' }, 'Direct push');
    const shas = gh.git
      .git(['rev-list', '--reverse', `${initial}..HEAD`])
      .trim()
      .split('\n');
    const { client } = clientFor(gh);
    const byCommit = await client.pullRequestsForCommits(shas);
    const numbers = (sha: string) => (byCommit.get(sha) ?? []).map((p) => p.number);
    expect([...byCommit.keys()]).toEqual(shas);
    expect(numbers(merged.commits[0]!)).toEqual([merged.number]);
    expect(numbers(merged.mergeCommitSha!)).toEqual([merged.number]);
    expect(numbers(squashed.mergeCommitSha!)).toEqual([squashed.number]);
    expect(numbers(rebased.mergeCommitSha!)).toEqual([rebased.number]);
    expect(numbers(direct)).toEqual([]);
    expect(graphqlRequests()).toHaveLength(1);
  });

  it('reads the bench-sized history: 1,000 pull requests in 10 queries', async () => {
    const history = gh.git.bulkHistory({ commits: 5000, pullRequests: 1000 });
    const { client } = clientFor(gh);
    const found = await client.pullRequestsByNumber(history.pulls.map((p) => p.number));
    expect(found.map((p) => p.number)).toEqual(history.pulls.map((p) => p.number));
    expect(client.requestCount).toBe(10);
  });

  it('batches commits 100 per query', async () => {
    const history = gh.git.bulkHistory({ commits: 230, pullRequests: 60 });
    const { client } = clientFor(gh);
    const byCommit = await client.pullRequestsForCommits(history.shas);
    expect(byCommit.size).toBe(history.shas.length);
    expect(graphqlRequests()).toHaveLength(Math.ceil(history.shas.length / 100));
    const associated = new Set([...byCommit.values()].flat().map((p) => p.number));
    expect(associated.size).toBe(60);
  });

  it.each([
    [60, 40, 1],
    [150, 50, 2],
    [30, 171, 3],
  ])(
    'looks up %i numbers and %i commits together in %i queries of at most 100 aliases',
    async (numbers, commits, queries) => {
      const history = gh.git.bulkHistory({
        commits: numbers + commits,
        pullRequests: numbers + commits,
        strategy: 'squash',
      });
      const asked = history.pulls.slice(0, numbers);
      const byCommit = history.pulls.slice(numbers);
      const { client } = clientFor(gh);
      const answer = await client.lookUpPullRequests({
        numbers: asked.map((p) => p.number),
        shas: byCommit.map((p) => p.mergeCommitSha!),
      });
      expect(graphqlRequests()).toHaveLength(queries);
      expect(graphqlRequests().every((e) => e.graphql === 'query' && e.status === 200)).toBe(true);
      expect([...answer.byNumber.keys()]).toEqual(asked.map((p) => p.number));
      expect([...answer.byCommit.keys()]).toEqual(byCommit.map((p) => p.mergeCommitSha));
      for (const pr of byCommit)
        expect(answer.byCommit.get(pr.mergeCommitSha!)?.map((p) => p.number)).toEqual([pr.number]);
    },
  );

  it('answers the commits of a query in which a number is unknown', async () => {
    const merged = gh.git.mergePullRequest({ title: 'Merge commit', strategy: 'merge' });
    const direct = gh.git.commit({ c: '1' }, 'Direct push');
    const { client } = clientFor(gh);
    const answer = await client.lookUpPullRequests({
      numbers: [merged.number, 4242],
      shas: [merged.commits[0]!, direct],
    });
    expect([...answer.byNumber.keys()]).toEqual([merged.number]);
    expect(answer.byCommit.get(merged.commits[0]!)?.map((p) => p.number)).toEqual([merged.number]);
    expect(answer.byCommit.get(direct)).toEqual([]);
    expect(graphqlRequests()).toHaveLength(1);
  });

  it('asks nothing for nothing', async () => {
    const { client } = clientFor(gh);
    expect(await client.lookUpPullRequests({ numbers: [], shas: [] })).toEqual({
      byNumber: new Map(),
      byCommit: new Map(),
    });
    expect(gh.journal).toEqual([]);
  });

  it('a query GitHub would refuse fails here too, with the schema message', async () => {
    const { client } = clientFor(gh);
    const error = await client
      .graphql('{ repository(owner: "acme", name: "shop") { pullRequest(number: 1) { mergedBy } } }')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toMatch(/Field "mergedBy" of type "Actor" must have a selection of subfields/);
    expect(graphqlRequests()).toEqual([expect.objectContaining({ graphql: 'invalid' })]);
  });

  it('surfaces a GraphQL error as a GitHubApiError with GitHub message', async () => {
    const { client } = clientFor(gh);
    gh.fault({
      path: '/graphql',
      status: 200,
      body: { errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] },
    });
    const error = await client.pullRequestsByNumber([1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toContain('Resource not accessible by integration');
  });
});
