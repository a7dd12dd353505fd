import { GraphQLError } from 'graphql';
import { commitDetails } from './git-data.ts';
import type { DoubleCore } from './kit.ts';
import type { FixturePullRequest } from './pull-requests.ts';
import { links } from './routes/repos.ts';

// The fixture's objects as GitHub's schema types: plain objects (and resolver functions) the default
// resolvers of graphql-js read.

export function githubError(message: string, type: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

const cursorOf = (index: number) => Buffer.from(`cursor:${index}`).toString('base64');
const indexOf = (cursor: string | null | undefined) =>
  cursor ? Number(/^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString())?.[1] ?? NaN) : undefined;

/**
 * GitHub refuses unbounded or oversized connections at run time, beyond what the schema says.
 * `after` / `before` take the cursors this gives (opaque base64, as GitHub's).
 */
export function connection<T>(
  field: string,
  args: { first?: number; last?: number; after?: string | null; before?: string | null },
  all: T[],
): Record<string, unknown> {
  if (args.first == null && args.last == null) {
    throw githubError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
      'MISSING_PAGINATION_BOUNDARIES',
    );
  }
  const limit = (args.first ?? args.last)!;
  const after = indexOf(args.after);
  const before = indexOf(args.before);
  if (Number.isNaN(after) || Number.isNaN(before))
    throw githubError(
      `\`${args.after ?? args.before}\` does not appear to be a valid cursor.`,
      'INVALID_CURSOR_ARGUMENTS',
    );
  // Positions in the whole list, so cursors stay valid from one page to the next.
  const from = after === undefined ? 0 : after + 1;
  const to = before === undefined ? all.length : before;
  const nodes = all.slice(from, Math.max(from, to));
  if (limit > 100) {
    throw githubError(
      `Requesting ${limit} records on the \`${field}\` connection exceeds the \`${args.first != null ? 'first' : 'last'}\` limit of 100 records.`,
      'EXCESSIVE_PAGINATION',
    );
  }
  const start = args.first != null ? 0 : Math.max(0, nodes.length - limit);
  const slice = nodes.slice(start, start + limit);
  const first = from + start;
  return {
    totalCount: all.length,
    nodes: slice,
    edges: slice.map((node, i) => ({ node, cursor: cursorOf(first + i) })),
    pageInfo: {
      hasNextPage: args.first != null ? nodes.length > limit : to < all.length,
      hasPreviousPage: args.last != null ? nodes.length > limit : from > 0,
      startCursor: slice.length > 0 ? cursorOf(first) : null,
      endCursor: slice.length > 0 ? cursorOf(first + slice.length - 1) : null,
    },
  };
}

export function pullRequestNode(core: DoubleCore, pr: FixturePullRequest): Record<string, unknown> {
  return {
    __typename: 'PullRequest',
    id: Buffer.from(`PullRequest:${pr.number}`).toString('base64'),
    number: pr.number,
    title: pr.title,
    body: pr.body,
    url: `${core.htmlUrl}/pull/${pr.number}`,
    permalink: `${core.htmlUrl}/pull/${pr.number}`,
    createdAt: pr.createdAt,
    mergedAt: pr.mergedAt,
    merged: pr.mergedAt !== null,
    closed: pr.state === 'closed',
    isDraft: pr.draft ?? false,
    state: pr.mergedAt ? 'MERGED' : pr.state === 'open' ? 'OPEN' : 'CLOSED',
    baseRefName: pr.baseRefName,
    headRefName: pr.headRefName,
    headRefOid: pr.headSha,
    mergeCommit: pr.mergeCommitSha ? commitNode(core, pr.mergeCommitSha) : null,
    updatedAt: updatedAt(pr),
    // The PR's own commits, oldest first, as its Commits tab lists them.
    commits: (args: { first?: number; last?: number; after?: string; before?: string }) =>
      connection(
        'commits',
        args,
        pr.commits.map((sha) => ({
          __typename: 'PullRequestCommit',
          id: Buffer.from(`PullRequestCommit:${pr.number}:${sha}`).toString('base64'),
          url: `${core.htmlUrl}/pull/${pr.number}/commits/${sha}`,
          commit: commitNode(core, sha),
        })),
      ),
    author: {
      __typename: pr.author.isBot ? 'Bot' : 'User',
      login: pr.author.login.replace(/\[bot\]$/, ''),
      url: `${core.url}/${pr.author.login}`,
    },
    labels: (args: { first?: number; last?: number }) =>
      connection(
        'labels',
        args,
        pr.labels.map((name) => ({ __typename: 'Label', name, color: 'ededed' })),
      ),
  };
}

/** The last change GitHub would show: the explicit one, else its close, merge or creation. */
export function updatedAt(pr: FixturePullRequest): string {
  return [pr.updatedAt, pr.closedAt, pr.mergedAt, pr.createdAt]
    .filter((t): t is string => !!t)
    .sort()
    .at(-1)!;
}

export function commitNode(core: DoubleCore, sha: string): Record<string, unknown> {
  const commit = () => commitDetails(core.git, sha, links(core));
  return {
    __typename: 'Commit',
    id: Buffer.from(`Commit:${sha}`).toString('base64'),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    url: `${core.htmlUrl}/commit/${sha}`,
    message: () => commit().commit.message,
    messageHeadline: () => commit().commit.message.split('\n')[0],
    committedDate: () => commit().commit.committer.date,
    authoredDate: () => commit().commit.author.date,
    associatedPullRequests: (args: { first?: number; last?: number }) =>
      connection(
        'associatedPullRequests',
        args,
        core.git.pulls.forCommit(sha).map((pr) => pullRequestNode(core, pr)),
      ),
  };
}
