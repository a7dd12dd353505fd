// The merged pull requests of a release range, listed 100 a page, most recently updated first, with
// their commits: what finds a pull request merged by pushing its commits to the branch (fast-forward,
// or rebased locally), whose commits name no pull request and were committed by their author.
import { GitHubApiError } from './errors.ts';
import type { GitHubHttp } from './http.ts';
import { PULL_REQUEST_FIELDS, toPullRequest, type GraphQLPullRequest } from './pulls.ts';
import type { ListedPullRequest, MergedPullRequests } from './types.ts';

// 100 pull requests, each with 100 labels and 100 commits: 20,100 nodes, far below GitHub's 500,000.
const QUERY = `query($owner: String!, $repo: String!, $after: String) {
  repository(owner: $owner, name: $repo) {
    pullRequests(states: MERGED, first: 100, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes {
        ...pr
        updatedAt
        commits(first: 100) { totalCount nodes { commit { oid messageHeadline } } }
      }
    }
  }
}
${PULL_REQUEST_FIELDS}`;

type ListedNode = GraphQLPullRequest & {
  updatedAt: string;
  commits: { totalCount: number; nodes: ({ commit: { oid: string; messageHeadline: string } } | null)[] | null };
};

interface Page {
  repository: {
    pullRequests: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: (ListedNode | null)[] | null };
  } | null;
}

/**
 * Pages until a pull request last updated before `since` (a merge in the range is updated at or
 * after it), the last page, or `maxPages`. Without `since`, every page up to `maxPages`.
 */
export async function listMergedPullRequests(
  http: GitHubHttp,
  owner: string,
  repo: string,
  options: { since?: string; maxPages: number },
): Promise<MergedPullRequests> {
  const since = options.since === undefined ? undefined : Date.parse(options.since);
  const pulls: ListedPullRequest[] = [];
  let after: string | null = null;
  for (let page = 0; page < options.maxPages; page++) {
    const data: Page = await http.graphql<Page>(QUERY, { owner, repo, after });
    const connection = data.repository?.pullRequests;
    if (!connection) throw new GitHubApiError('POST', '/graphql', 200, `repository ${owner}/${repo} not found`);
    let older = false;
    for (const node of connection.nodes ?? []) {
      if (!node) continue;
      if (since !== undefined && Date.parse(node.updatedAt) < since) {
        older = true;
        continue;
      }
      const commits = (node.commits.nodes ?? []).flatMap((c) =>
        c ? [{ sha: c.commit.oid, subject: c.commit.messageHeadline }] : [],
      );
      pulls.push({ ...toPullRequest(node), updatedAt: node.updatedAt, commits, commitCount: node.commits.totalCount });
    }
    if (older || !connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) return { pulls, complete: true };
    after = connection.pageInfo.endCursor;
  }
  return { pulls, complete: false };
}
