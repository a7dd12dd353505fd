import { GraphQLError } from 'graphql';
import { logCommits } from './git-data.ts';
import type { DoubleCore } from './kit.ts';
import type { FixturePullRequest } from './pull-requests.ts';
import { links } from './routes/repos.ts';

// The fixture's objects as GitHub's schema types: plain objects (and resolver functions) the default
// resolvers of graphql-js read.

export function githubError(message: string, type: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

/** GitHub refuses unbounded or oversized connections at run time, beyond what the schema says. */
export function connection<T>(
  field: string,
  args: { first?: number; last?: number },
  nodes: T[],
): Record<string, unknown> {
  if (args.first == null && args.last == null) {
    throw githubError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
      'MISSING_PAGINATION_BOUNDARIES',
    );
  }
  const limit = (args.first ?? args.last)!;
  if (limit > 100) {
    throw githubError(
      `Requesting ${limit} records on the \`${field}\` connection exceeds the \`${args.first != null ? 'first' : 'last'}\` limit of 100 records.`,
      'EXCESSIVE_PAGINATION',
    );
  }
  const slice = args.first != null ? nodes.slice(0, limit) : nodes.slice(Math.max(0, nodes.length - limit));
  return {
    totalCount: nodes.length,
    nodes: slice,
    edges: slice.map((node, i) => ({ node, cursor: Buffer.from(`cursor:${i}`).toString('base64') })),
    pageInfo: {
      hasNextPage: args.first != null && nodes.length > limit,
      hasPreviousPage: args.last != null && nodes.length > limit,
      startCursor: null,
      endCursor: null,
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

export function commitNode(core: DoubleCore, sha: string): Record<string, unknown> {
  let details: ReturnType<typeof logCommits>[number] | undefined;
  const commit = () => (details ??= logCommits(core.git, ['-1', sha], links(core))[0]!);
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
