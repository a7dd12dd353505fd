import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../../sandbox/github/index.ts';

let gh: GitHubDouble;

beforeEach(async () => {
  gh = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

async function graphql(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: Record<string, unknown>; errors?: { message: string; type?: string }[] }> {
  const response = await fetch(gh.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${gh.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string; type?: string }[] };
}

describe('GraphQL endpoint', () => {
  it.each([
    [
      'an unknown field',
      '{ repository(owner: "acme", name: "shop") { pullRequest(number: 1) { titel } } }',
      /Cannot query field "titel"/,
    ],
    [
      'a missing required argument',
      '{ repository(owner: "acme", name: "shop") { pullRequest { title } } }',
      /argument "number" of type "Int!" is required/,
    ],
    [
      'a wrong argument type',
      '{ repository(owner: "acme", name: "shop") { pullRequest(number: "one") { title } } }',
      /Int cannot represent/,
    ],
    [
      'a fragment on the wrong type',
      '{ repository(owner: "acme", name: "shop") { object(oid: "abc") { ... on PullRequest { title } } } }',
      /can never be of type "PullRequest"/,
    ],
    ['a syntax error', '{ repository(owner: "acme" { name } }', /Syntax Error/],
  ])('rejects %s with errors, as GitHub does, before touching data', async (_what, query, message) => {
    const answer = await graphql(query);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.map((e) => e.message).join('\n')).toMatch(message);
    expect(gh.journal.at(-1)).toMatchObject({ path: '/graphql', graphql: 'invalid' });
  });

  it('refuses a connection without first/last, like GitHub at run time', async () => {
    gh.git.mergePullRequest({ title: 'One', labels: ['bug'] });
    const answer = await graphql(
      '{ repository(owner: "acme", name: "shop") { pullRequest(number: 1) { labels { nodes { name } } } } }',
    );
    expect(answer.errors?.[0]).toMatchObject({ type: 'MISSING_PAGINATION_BOUNDARIES' });
  });

  it('answers NOT_FOUND beside the data that exists', async () => {
    gh.git.mergePullRequest({ title: 'One' });
    const answer = await graphql(
      'query($n: Int!) { repository(owner: "acme", name: "shop") { a: pullRequest(number: 1) { title } b: pullRequest(number: $n) { title } } }',
      { n: 77 },
    );
    expect(answer.data).toEqual({ repository: { a: { title: 'One' }, b: null } });
    expect(answer.errors).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        path: ['repository', 'b'],
        message: 'Could not resolve to a PullRequest with the number of 77.',
      }),
    ]);
  });

  it('answers a commit lookup by oid, and null for an unknown oid', async () => {
    const pr = gh.git.mergePullRequest({ title: 'Squashed', strategy: 'squash' });
    const answer = await graphql(`{ repository(owner: "acme", name: "shop") {
      known: object(oid: "${pr.mergeCommitSha}") { ... on Commit { oid messageHeadline associatedPullRequests(first: 5) { nodes { number } } } }
      unknown: object(oid: "${'0'.repeat(40)}") { oid }
    } }`);
    expect(answer).toEqual({
      data: {
        repository: {
          known: {
            oid: pr.mergeCommitSha,
            messageHeadline: `Squashed (#${pr.number})`,
            associatedPullRequests: { nodes: [{ number: pr.number }] },
          },
          unknown: null,
        },
      },
    });
  });

  it('does not count queries as mutations', async () => {
    await graphql('{ repository(owner: "acme", name: "shop") { nameWithOwner } }');
    expect(gh.mutations()).toEqual([]);
    expect(gh.journal).toHaveLength(1);
  });
});

describe('REST surface', () => {
  it('answers 401 without the token, and journals it', async () => {
    const response = await fetch(`${gh.apiUrl}/repos/acme/shop`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'Bad credentials' });
    expect(gh.journal).toEqual([expect.objectContaining({ method: 'GET', path: '/repos/acme/shop', status: 401 })]);
  });

  it.each([['token'], ['Bearer']])('accepts the %s authorization scheme', async (scheme) => {
    const response = await fetch(`${gh.apiUrl}/repos/acme/shop`, {
      headers: { authorization: `${scheme} ${gh.token}` },
    });
    expect(await response.json()).toMatchObject({
      default_branch: 'main',
      html_url: gh.htmlUrl,
      full_name: 'acme/shop',
    });
  });

  it('answers 404 for another repository', async () => {
    const response = await fetch(`${gh.apiUrl}/repos/acme/other`, { headers: { authorization: `token ${gh.token}` } });
    expect(response.status).toBe(404);
  });

  it('journals mutations with their body and status', async () => {
    const response = await fetch(`${gh.apiUrl}/repos/acme/shop/releases`, {
      method: 'POST',
      headers: { authorization: `token ${gh.token}` },
      body: JSON.stringify({ tag_name: 'v1.0.0', draft: true }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      tag_name: 'v1.0.0',
      draft: true,
      upload_url: expect.stringContaining('{?name,label}'),
    });
    expect(gh.mutations()).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/repos/acme/shop/releases',
        body: { tag_name: 'v1.0.0', draft: true },
        status: 201,
      }),
    ]);
  });

  it('serves a pull request and the pull requests of a commit in REST shape', async () => {
    const pr = gh.git.mergePullRequest({ title: 'Add cart', labels: ['feature'], author: 'alice' });
    const headers = { authorization: `token ${gh.token}` };
    const single = await (await fetch(`${gh.apiUrl}/repos/acme/shop/pulls/${pr.number}`, { headers })).json();
    expect(single).toMatchObject({
      number: pr.number,
      title: 'Add cart',
      merged_at: pr.mergedAt,
      merge_commit_sha: pr.mergeCommitSha,
      user: { login: 'alice' },
      labels: [{ name: 'feature' }],
    });
    const byCommit = await (
      await fetch(`${gh.apiUrl}/repos/acme/shop/commits/${pr.mergeCommitSha}/pulls`, { headers })
    ).json();
    expect(byCommit).toEqual([expect.objectContaining({ number: pr.number })]);
  });
});

describe('GraphQL search', () => {
  it("finds each author's first merged pull request, as the release notes ask for new contributors", async () => {
    gh.git.mergePullRequest({ title: 'First by alice', author: 'alice' });
    gh.git.mergePullRequest({ title: 'Open by bob', author: 'bob', merged: false });
    gh.git.mergePullRequest({ title: 'Second by alice', author: 'alice' });
    gh.git.mergePullRequest({ title: 'Merged by bob', author: 'bob' });
    const answer = await graphql(
      `
        query ($q0: String!, $q1: String!, $q2: String!) {
          u0: search(type: ISSUE, first: 1, query: $q0) {
            issueCount
            nodes {
              ... on PullRequest {
                number
                title
              }
            }
          }
          u1: search(type: ISSUE, first: 1, query: $q1) {
            nodes {
              ... on PullRequest {
                number
              }
            }
          }
          u2: search(type: ISSUE, first: 1, query: $q2) {
            nodes {
              ... on PullRequest {
                number
              }
            }
          }
        }
      `,
      {
        q0: 'repo:acme/shop is:pr is:merged author:alice sort:created-asc',
        q1: 'repo:acme/shop is:pr is:merged author:bob sort:created-asc',
        q2: 'repo:acme/other is:pr is:merged author:bob sort:created-asc',
      },
    );
    expect(answer).toEqual({
      data: {
        u0: { issueCount: 2, nodes: [{ number: 1, title: 'First by alice' }] },
        u1: { nodes: [{ number: 4 }] },
        u2: { nodes: [] },
      },
    });
  });
});

describe('compare', () => {
  it('answers 404 for refs without a common ancestor, as GitHub does', async () => {
    gh.git.git(['checkout', '-q', '--orphan', 'unrelated']);
    gh.git.commit({ 'other.txt': '1' }, 'Unrelated root');
    const response = await fetch(`${gh.apiUrl}/repos/acme/shop/compare/main...unrelated`, {
      headers: { authorization: `token ${gh.token}` },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: 'No common ancestor between main and unrelated.' });
  });
});

describe('GraphQL node limit', () => {
  it('refuses a query that could return more than 500,000 nodes, as GitHub does', async () => {
    const aliases = Array.from(
      { length: 100 },
      (_, i) =>
        `c${i}: object(expression: "main") { ... on Commit { associatedPullRequests(first: 100) { nodes { ...pr } } } }`,
    );
    const answer = await graphql(`{ repository(owner: "acme", name: "shop") { ${aliases.join('\n')} } }
      fragment pr on PullRequest { labels(first: 100) { nodes { name } } }`);
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        type: 'MAX_NODE_LIMIT_EXCEEDED',
        message: expect.stringContaining('exceeds the maximum limit of 500,000'),
      }),
    ]);
  });

  it('accepts the same query at the client batch size (100 aliases, 10 pull requests each)', async () => {
    const aliases = Array.from(
      { length: 100 },
      (_, i) =>
        `c${i}: object(expression: "main") { ... on Commit { associatedPullRequests(first: 10) { nodes { ...pr } } } }`,
    );
    const answer = await graphql(`{ repository(owner: "acme", name: "shop") { ${aliases.join('\n')} } }
      fragment pr on PullRequest { labels(first: 100) { nodes { name } } }`);
    expect(answer.errors).toBeUndefined();
  });
});

describe('GraphQL repository.pullRequests', () => {
  const PAGE = `query($after: String) {
    repository(owner: "acme", name: "shop") {
      pullRequests(states: MERGED, first: 2, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { number updatedAt mergeCommit { oid } commits(first: 10) { totalCount nodes { commit { oid messageHeadline } } } }
      }
    }
  }`;
  type Page = {
    repository: {
      pullRequests: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: {
          number: number;
          updatedAt: string;
          commits: { totalCount: number; nodes: { commit: { oid: string; messageHeadline: string } }[] };
        }[];
      };
    };
  };

  it('lists merged pull requests, most recently updated first, page after page by cursor, with their commits', async () => {
    const merged = ['one', 'two', 'three'].map((title) => gh.git.mergePullRequest({ title, strategy: 'squash' }));
    gh.git.mergePullRequest({ title: 'still open', merged: false });
    // A comment on the oldest: it becomes the most recently updated.
    merged[0]!.updatedAt = '2030-01-01T00:00:00Z';
    const first = (await graphql(PAGE)).data as Page;
    expect(first.repository.pullRequests.totalCount).toBe(3);
    expect(first.repository.pullRequests.nodes.map((n) => n.number)).toEqual([merged[0]!.number, merged[2]!.number]);
    expect(first.repository.pullRequests.nodes[0]!.updatedAt).toBe('2030-01-01T00:00:00Z');
    expect(first.repository.pullRequests.pageInfo.hasNextPage).toBe(true);
    const second = (await graphql(PAGE, { after: first.repository.pullRequests.pageInfo.endCursor })).data as Page;
    expect(second.repository.pullRequests.nodes.map((n) => n.number)).toEqual([merged[1]!.number]);
    expect(second.repository.pullRequests.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    const commits = second.repository.pullRequests.nodes[0]!.commits;
    expect(commits.totalCount).toBe(1);
    expect(commits.nodes.map((n) => n.commit)).toEqual([{ oid: merged[1]!.commits[0], messageHeadline: 'two' }]);
  });

  it('refuses a cursor it never gave', async () => {
    const answer = await graphql(PAGE, { after: 'bm9wZQ==' });
    expect(answer.errors?.[0]).toMatchObject({ type: 'INVALID_CURSOR_ARGUMENTS' });
  });
});
