import type { Logger } from '../shared/logger.ts';
import { isBot } from './pull-request.ts';
import type { Change, PullRequest } from './pull-request.ts';

/** A GraphQL call (GitHubHttp.graphql fits): query and variables in, `data` out. */
export type GraphQL = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

const SEARCH_BATCH = 50;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * Each login's first merged pull request in the repository (one aliased search per login,
 * 50 per query): the authors whose first one is in this release are its new contributors.
 */
export function searchFirstPullRequests(graphql: GraphQL, owner: string, repo: string) {
  return async (logins: string[]): Promise<Map<string, number>> => {
    const result = new Map<string, number>();
    const safe = logins.filter((l) => LOGIN.test(l));
    for (let i = 0; i < safe.length; i += SEARCH_BATCH) {
      const batch = safe.slice(i, i + SEARCH_BATCH);
      const variables: Record<string, string> = {};
      const fields = batch.map((login, n) => {
        variables[`q${n}`] = `repo:${owner}/${repo} is:pr is:merged author:${login} sort:created-asc`;
        return `u${n}: search(type: ISSUE, first: 1, query: $q${n}) { nodes { ... on PullRequest { number } } }`;
      });
      const params = batch.map((_, n) => `$q${n}: String!`).join(', ');
      type Answer = Record<string, { nodes: ({ number?: number } | null)[] } | null>;
      const data = await graphql<Answer>(`query(${params}) {\n  ${fields.join('\n  ')}\n}`, variables);
      batch.forEach((login, n) => {
        const first = data[`u${n}`]?.nodes[0]?.number;
        if (first !== undefined) result.set(login, first);
      });
    }
    return result;
  };
}

export type FirstPullRequests = (logins: string[]) => Promise<Map<string, number>>;

/**
 * Pull requests that are their author's first contribution. Without a previous release every
 * author is new; otherwise `firstPullRequests` tells, and when it fails the section is left out
 * with a warning rather than failing the notes.
 */
export async function newContributors(
  changes: readonly Change[],
  hasPrevious: boolean,
  firstPullRequests: FirstPullRequests | undefined,
  logger: Logger,
): Promise<PullRequest[]> {
  const firstByAuthor = new Map<string, PullRequest>();
  for (const change of changes) {
    if (change.kind !== 'pull-request') continue;
    const pr = change.pullRequest;
    if (pr.author && !isBot(pr) && !firstByAuthor.has(pr.author)) firstByAuthor.set(pr.author, pr);
  }
  if (!hasPrevious) return [...firstByAuthor.values()];
  if (!firstPullRequests || firstByAuthor.size === 0) return [];
  try {
    const first = await firstPullRequests([...firstByAuthor.keys()]);
    const inRange = new Set(changes.flatMap((c) => (c.kind === 'pull-request' ? [c.pullRequest.number] : [])));
    return [...firstByAuthor.entries()].filter(([login]) => inRange.has(first.get(login) ?? -1)).map(([, pr]) => pr);
  } catch (error) {
    logger.warning(
      `Could not find this release's new contributors (${error instanceof Error ? error.message : String(error)}); the section is left out.`,
    );
    return [];
  }
}
