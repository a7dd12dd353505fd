import { schema as octokitSchema, validate } from '@octokit/graphql-schema';
import {
  buildClientSchema,
  execute,
  GraphQLError,
  parse,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
} from 'graphql';
import { nodeLimitError } from './graphql-limits.ts';
import { commitNode, connection, githubError, pullRequestNode, updatedAt } from './graphql-nodes.ts';
import { json, type DoubleCore, type Reply } from './kit.ts';

let executable: GraphQLSchema | undefined;

/** GitHub's published schema, made executable: the default resolvers read the plain objects below. */
function githubSchema(): GraphQLSchema {
  executable ??= buildClientSchema(octokitSchema.json as unknown as IntrospectionQuery);
  return executable;
}

function repositoryNode(core: DoubleCore): Record<string, unknown> {
  return {
    __typename: 'Repository',
    name: core.repo,
    nameWithOwner: `${core.owner}/${core.repo}`,
    url: core.htmlUrl,
    defaultBranchRef: {
      __typename: 'Ref',
      name: core.git.defaultBranch,
      target: () => commitNode(core, core.git.head(core.git.defaultBranch)),
    },
    pullRequest: ({ number }: { number: number }) => {
      const pr = core.git.pulls.get(number);
      if (!pr) throw githubError(`Could not resolve to a PullRequest with the number of ${number}.`, 'NOT_FOUND');
      return pullRequestNode(core, pr);
    },
    pullRequests: (args: PullRequestsArgs) => pullRequests(core, args),
    object: ({ oid, expression }: { oid?: string; expression?: string }) => {
      const ref = oid ?? expression ?? '';
      // An unknown object is null without an error, as on GitHub.
      const sha = /^[0-9a-f]{40}$/.test(ref) ? (core.git.hasCommit(ref) ? ref : undefined) : core.git.resolve(ref);
      return sha ? commitNode(core, sha) : null;
    },
  };
}

interface PullRequestsArgs {
  states?: ('OPEN' | 'CLOSED' | 'MERGED')[] | null;
  baseRefName?: string | null;
  headRefName?: string | null;
  labels?: string[] | null;
  orderBy?: { field: 'CREATED_AT' | 'UPDATED_AT' | 'COMMENTS'; direction: 'ASC' | 'DESC' } | null;
  first?: number;
  last?: number;
  after?: string;
  before?: string;
}

/** `repository.pullRequests`: filtered by state, refs and labels, ordered (default: by creation, oldest first). */
function pullRequests(core: DoubleCore, args: PullRequestsArgs): Record<string, unknown> {
  const state = (pr: { mergedAt: string | null; state: string }) =>
    pr.mergedAt ? 'MERGED' : pr.state === 'open' ? 'OPEN' : 'CLOSED';
  const pulls = core.git.pulls
    .all()
    .filter((pr) => !args.states?.length || args.states.includes(state(pr)))
    .filter((pr) => !args.baseRefName || pr.baseRefName === args.baseRefName)
    .filter((pr) => !args.headRefName || pr.headRefName === args.headRefName)
    .filter((pr) => !args.labels?.length || pr.labels.some((l) => args.labels!.includes(l)));
  const field = args.orderBy?.field ?? 'CREATED_AT';
  // COMMENTS: the double keeps no PR comments, so every count is 0 and the number decides.
  const key = (pr: (typeof pulls)[number]) =>
    field === 'UPDATED_AT' ? updatedAt(pr) : field === 'CREATED_AT' ? pr.createdAt : '';
  const sorted = pulls.toSorted((a, b) => key(a).localeCompare(key(b)) || a.number - b.number);
  if (args.orderBy?.direction === 'DESC') sorted.reverse();
  return connection(
    'pullRequests',
    args,
    sorted.map((pr) => pullRequestNode(core, pr)),
  );
}

/** GitHub's issue search, for the qualifiers the project uses (repo, is, author, label, sort). */
function search(
  core: DoubleCore,
  args: { query: string; type: string; first?: number; last?: number },
): Record<string, unknown> {
  if (args.type !== 'ISSUE') return connection('search', args, []);
  let pulls = core.git.pulls.all();
  let order: 'asc' | 'desc' = 'desc';
  let matchesRepo = true;
  for (const term of args.query.split(/\s+/).filter(Boolean)) {
    const [qualifier = '', value = ''] = term.includes(':')
      ? [term.slice(0, term.indexOf(':')), term.slice(term.indexOf(':') + 1)]
      : ['', term];
    const v = value.toLowerCase();
    if (qualifier === 'repo') matchesRepo &&= v === `${core.owner}/${core.repo}`.toLowerCase();
    else if (qualifier === 'is' && v === 'merged') pulls = pulls.filter((pr) => pr.mergedAt !== null);
    else if (qualifier === 'is' && v === 'unmerged') pulls = pulls.filter((pr) => pr.mergedAt === null);
    else if (qualifier === 'is' && (v === 'open' || v === 'closed')) pulls = pulls.filter((pr) => pr.state === v);
    else if (qualifier === 'author')
      pulls = pulls.filter((pr) => pr.author.login.toLowerCase().replace(/\[bot\]$/, '') === v.replace(/^app\//, ''));
    else if (qualifier === 'label')
      pulls = pulls.filter((pr) => pr.labels.some((l) => l.toLowerCase() === v.replace(/^"|"$/g, '')));
    else if (qualifier === 'sort' && v.startsWith('created-')) order = v === 'created-asc' ? 'asc' : 'desc';
    else if (!(qualifier === 'is' && (v === 'pr' || v === 'pull-request')) && qualifier !== 'type') {
      // Free text: matched against titles, as a rough stand-in for GitHub's full-text search.
      pulls = pulls.filter((pr) => pr.title.toLowerCase().includes(term.toLowerCase()));
    }
  }
  const sorted = (matchesRepo ? pulls : []).toSorted(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number,
  );
  if (order === 'desc') sorted.reverse();
  return {
    ...connection(
      'search',
      args,
      sorted.map((pr) => pullRequestNode(core, pr)),
    ),
    issueCount: sorted.length,
  };
}

function rootValue(core: DoubleCore): Record<string, unknown> {
  return {
    search: (args: { query: string; type: string; first?: number; last?: number }) => search(core, args),
    repository: ({ owner, name }: { owner: string; name: string }) => {
      if (owner.toLowerCase() !== core.owner.toLowerCase() || name.toLowerCase() !== core.repo.toLowerCase()) {
        throw githubError(`Could not resolve to a Repository with the name '${owner}/${name}'.`, 'NOT_FOUND');
      }
      return repositoryNode(core);
    },
  };
}

/** GitHub's error shape: `type` at the top level next to message, path and locations. */
function format(errors: readonly GraphQLError[]): unknown[] {
  return errors.map((e) => {
    const { type, ...extensions } = (e.extensions ?? {}) as { type?: string };
    return {
      ...(type ? { type } : {}),
      ...(e.path ? { path: e.path } : {}),
      ...(e.locations ? { locations: e.locations } : {}),
      ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
      message: e.message,
    };
  });
}

export interface GraphQLOutcome {
  reply: Reply;
  operation: 'query' | 'mutation' | 'invalid';
}

/** Answers one POST /graphql: parse, validate against GitHub's schema, execute against the fixture. */
export async function answerGraphQL(core: DoubleCore, body: unknown): Promise<GraphQLOutcome> {
  const { query, variables, operationName } = (body ?? {}) as {
    query?: unknown;
    variables?: Record<string, unknown>;
    operationName?: string;
  };
  if (typeof query !== 'string') {
    return {
      operation: 'invalid',
      reply: json(200, { errors: [{ message: 'A query attribute must be specified and must be a string.' }] }),
    };
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { operation: 'invalid', reply: json(200, { errors: format([error as GraphQLError]) }) };
  }
  const errors = validate(query);
  if (errors.length > 0) return { operation: 'invalid', reply: json(200, { errors: format(errors) }) };
  const tooBig = nodeLimitError(document, variables ?? {});
  if (tooBig)
    return {
      operation: 'invalid',
      reply: json(200, { errors: [{ type: 'MAX_NODE_LIMIT_EXCEEDED', message: tooBig }] }),
    };
  const op = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === 'OperationDefinition' && (!operationName || d.name?.value === operationName),
  );
  if (op?.operation !== 'query') {
    return {
      operation: 'mutation',
      reply: json(200, {
        errors: [{ message: `The GitHub double answers queries only, not ${op?.operation ?? 'this document'}.` }],
      }),
    };
  }
  const result = await execute({
    schema: githubSchema(),
    document,
    rootValue: rootValue(core),
    variableValues: variables ?? {},
    ...(operationName ? { operationName } : {}),
  });
  return {
    operation: 'query',
    reply: json(200, {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors ? { errors: format(result.errors) } : {}),
    }),
  };
}
