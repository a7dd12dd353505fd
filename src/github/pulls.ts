import { GitHubApiError } from './errors.ts';
import type { GitHubHttp } from './http.ts';
import type { PullRequest } from './types.ts';

/** GitHub caps a query's cost; 100 aliased lookups per query stays well inside it. */
export const GRAPHQL_BATCH_SIZE = 100;

const PULL_REQUEST_FIELDS = `fragment pr on PullRequest {
  number title body url mergedAt baseRefName
  mergeCommit { oid }
  author { login __typename }
  labels(first: 100) { nodes { name } }
}`;

interface GraphQLPullRequest {
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

function toPullRequest(pr: GraphQLPullRequest): PullRequest {
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

/** Pull requests by number, 100 aliases per query; numbers GitHub does not know are left out. */
export async function pullRequestsByNumber(http: GitHubHttp, owner: string, repo: string, numbers: number[]): Promise<PullRequest[]> {
  const unique = [...new Set(numbers)];
  for (const n of unique) if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`Not a pull request number: ${n}`);
  const found: PullRequest[] = [];
  for (const batch of chunks(unique)) {
    const fields = batch.map((n, i) => `pr${i}: pullRequest(number: ${n}) { ...pr }`).join('\n    ');
    const query = `query($owner: String!, $repo: String!) {\n  repository(owner: $owner, name: $repo) {\n    ${fields}\n  }\n}\n${PULL_REQUEST_FIELDS}`;
    const data = await http.graphql<{ repository: Record<string, GraphQLPullRequest | null> | null }>(query, { owner, repo }, { allowNotFound: true });
    if (!data.repository) throw new GitHubApiError('POST', '/graphql', 200, `repository ${owner}/${repo} not found`);
    for (const pr of Object.values(data.repository)) if (pr) found.push(toPullRequest(pr));
  }
  return found;
}

/** Each commit's associated pull requests (merge, squash and rebase merges alike), keyed by SHA. */
export async function pullRequestsForCommits(http: GitHubHttp, owner: string, repo: string, shas: string[]): Promise<Map<string, PullRequest[]>> {
  const unique = [...new Set(shas)];
  for (const sha of unique) if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`Not a full commit SHA: ${sha}`);
  const result = new Map<string, PullRequest[]>();
  for (const batch of chunks(unique)) {
    const fields = batch
      .map((sha, i) => `c${i}: object(oid: "${sha}") { ... on Commit { associatedPullRequests(first: 10) { nodes { ...pr } } } }`)
      .join('\n    ');
    const query = `query($owner: String!, $repo: String!) {\n  repository(owner: $owner, name: $repo) {\n    ${fields}\n  }\n}\n${PULL_REQUEST_FIELDS}`;
    type Answer = { repository: Record<string, { associatedPullRequests?: { nodes: (GraphQLPullRequest | null)[] | null } } | null> | null };
    const data = await http.graphql<Answer>(query, { owner, repo }, { allowNotFound: true });
    if (!data.repository) throw new GitHubApiError('POST', '/graphql', 200, `repository ${owner}/${repo} not found`);
    batch.forEach((sha, i) => {
      const nodes = data.repository?.[`c${i}`]?.associatedPullRequests?.nodes ?? [];
      result.set(sha, nodes.flatMap((pr) => (pr ? [toPullRequest(pr)] : [])));
    });
  }
  return result;
}
