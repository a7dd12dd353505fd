import { isFullSha } from '../shared/git-refs.ts';
import { GitHubApiError } from './errors.ts';
import type { GitHubHttp } from './http.ts';
import type { PullRequest, PullRequestAnswer, PullRequestQuery, PullRequestState } from './types.ts';

/** GitHub caps a query's cost; 100 aliased lookups per query stays well inside it. */
export const GRAPHQL_BATCH_SIZE = 100;

export const PULL_REQUEST_FIELDS = `fragment pr on PullRequest {
  number title body url mergedAt baseRefName
  mergeCommit { oid }
  author { login __typename }
  labels(first: 100) { nodes { name } }
}`;

export interface GraphQLPullRequest {
  number: number;
  title: string;
  body: string;
  url: string;
  mergedAt: string | null;
  baseRefName: string;
  mergeCommit: { oid: string } | null;
  author: { login: string; __typename: string } | null;
  labels: { nodes: ({ name: string } | null)[] | null } | null;
}

export function toPullRequest(pr: GraphQLPullRequest): PullRequest {
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body,
    url: pr.url,
    mergedAt: pr.mergedAt,
    mergeCommitSha: pr.mergeCommit?.oid ?? null,
    // A deleted account comes back as null; GitHub shows it as "ghost".
    author: { login: pr.author?.login ?? 'ghost', isBot: pr.author?.__typename === 'Bot' },
    labels: (pr.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : [])),
    baseRefName: pr.baseRefName,
  };
}

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += GRAPHQL_BATCH_SIZE) result.push(items.slice(i, i + GRAPHQL_BATCH_SIZE));
  return result;
}

type Lookup = { kind: 'number'; number: number } | { kind: 'commit'; sha: string };
type CommitNode = { associatedPullRequests?: { nodes: (GraphQLPullRequest | null)[] | null } } | null;

function field(lookup: Lookup, i: number): string {
  return lookup.kind === 'number'
    ? `a${i}: pullRequest(number: ${lookup.number}) { ...pr }`
    : `a${i}: object(oid: "${lookup.sha}") { ... on Commit { associatedPullRequests(first: 10) { nodes { ...pr } } } }`;
}

/**
 * Numbers and commits together, 100 aliases per query whatever their mix: a release's pull requests
 * cost ceil((numbers + commits) / 100) queries. 100 commit aliases (10 pull requests of 100 labels
 * each) stay far below GitHub's 500,000-node limit.
 */
export async function lookUpPullRequests(
  http: GitHubHttp,
  owner: string,
  repo: string,
  query: PullRequestQuery,
): Promise<PullRequestAnswer> {
  const numbers = [...new Set(query.numbers ?? [])];
  const shas = [...new Set(query.shas ?? [])];
  for (const n of numbers) if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`Not a pull request number: ${n}`);
  for (const sha of shas) if (!isFullSha(sha)) throw new Error(`Not a full commit SHA: ${sha}`);
  const lookups: Lookup[] = [
    ...numbers.map((number) => ({ kind: 'number' as const, number })),
    ...shas.map((sha) => ({ kind: 'commit' as const, sha })),
  ];
  const answer: PullRequestAnswer = { byNumber: new Map(), byCommit: new Map() };
  for (const batch of chunks(lookups)) {
    const fields = batch.map(field).join('\n    ');
    const text = `query($owner: String!, $repo: String!) {\n  repository(owner: $owner, name: $repo) {\n    ${fields}\n  }\n}\n${PULL_REQUEST_FIELDS}`;
    // An unknown number is a NOT_FOUND error beside the other aliases' data: it is left out.
    const data = await http.graphql<{ repository: Record<string, GraphQLPullRequest | CommitNode> | null }>(
      text,
      { owner, repo },
      { allowNotFound: true },
    );
    if (!data.repository) throw new GitHubApiError('POST', '/graphql', 200, `repository ${owner}/${repo} not found`);
    batch.forEach((lookup, i) => {
      const node = data.repository?.[`a${i}`] ?? null;
      if (lookup.kind === 'number') {
        if (node) answer.byNumber.set(lookup.number, toPullRequest(node as GraphQLPullRequest));
      } else {
        const nodes = (node as CommitNode)?.associatedPullRequests?.nodes ?? [];
        answer.byCommit.set(
          lookup.sha,
          nodes.flatMap((pr) => (pr ? [toPullRequest(pr)] : [])),
        );
      }
    });
  }
  return answer;
}

/** Pull requests by number, 100 per query; numbers GitHub does not know are left out. */
export async function pullRequestsByNumber(
  http: GitHubHttp,
  owner: string,
  repo: string,
  numbers: number[],
): Promise<PullRequest[]> {
  return [...(await lookUpPullRequests(http, owner, repo, { numbers })).byNumber.values()];
}

/** Each commit's associated pull requests (merge, squash and rebase merges alike), keyed by SHA. */
export async function pullRequestsForCommits(
  http: GitHubHttp,
  owner: string,
  repo: string,
  shas: string[],
): Promise<Map<string, PullRequest[]>> {
  return (await lookUpPullRequests(http, owner, repo, { shas })).byCommit;
}

interface RestPull {
  number: number;
  state: 'open' | 'closed';
  merged?: boolean;
  title?: string;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
  head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
  base?: { repo?: { full_name?: string } };
  updated_at?: string;
}

/** GET /pulls/{n}: whether a pull request is still open (review app cleanup asks it). */
export async function pullRequestState(http: GitHubHttp, repoPath: string, number: number): Promise<PullRequestState> {
  const { data } = await http.request<RestPull>('GET', `${repoPath}/pulls/${number}`);
  if (!data || (data.state !== 'open' && data.state !== 'closed')) {
    throw new GitHubApiError('GET', `${repoPath}/pulls/${number}`, 200, 'the answer has no state');
  }
  const login = data.user?.login ?? 'ghost';
  return {
    number: data.number,
    state: data.state,
    merged: data.merged === true,
    headSha: data.head?.sha ?? '',
    headRef: data.head?.ref ?? '',
    title: data.title ?? '',
    htmlUrl: data.html_url ?? '',
    // A head repository that is gone is a fork that was deleted: never the base repository.
    fromFork: !data.head?.repo?.full_name || data.head.repo.full_name !== data.base?.repo?.full_name,
    author: login,
    byBot: data.user?.type === 'Bot' || login.endsWith('[bot]'),
  };
}
