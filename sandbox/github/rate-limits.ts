import { randomBytes } from 'node:crypto';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { FaultRule } from './index.ts';
import { json, type DoubleCore, type Reply } from './kit.ts';
import type { ContentLimits } from './settings.ts';
import type { TokenIdentity } from './tokens.ts';

export interface GraphQLRateLimit {
  /** How many more GraphQL requests get the rate-limit answer. */
  left: number;
  /** GitHub has answered `RATE_LIMITED` for years; some 2026 reports show `RATE_LIMIT` with a `code`. */
  type: 'RATE_LIMITED' | 'RATE_LIMIT';
  /** Seconds until `x-ratelimit-reset`. */
  resetInSeconds: number;
}

export interface RateLimits {
  /** When each accepted content-creating request arrived (ms, the double's clock), oldest first. */
  content: number[];
  graphql: GraphQLRateLimit;
}

export const newRateLimits = (): RateLimits => ({
  content: [],
  graphql: { left: 0, type: 'RATE_LIMITED', resetInSeconds: 60 },
});

const SECONDARY_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/using-the-rest-api/rate-limits-for-the-rest-api' +
  '#about-secondary-rate-limits';

/** GitHub's secondary-rate-limit refusal: the message names it, `retry-after` only when asked. */
export function secondaryLimitReply(status = 403, retryAfter?: number): Reply {
  const requestId = randomBytes(8)
    .toString('hex')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1:');
  return json(
    status,
    {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
        `If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      documentation_url: SECONDARY_DOCS,
      status: String(status),
    },
    retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : undefined,
  );
}

/**
 * A `fault()` rule for a one-off secondary limit (e.g. `retry-after: 61` on the next comment): the
 * same answer the rolling limit gives, scripted.
 */
export function secondaryRateLimitFault(
  rule: Omit<FaultRule, 'status' | 'body' | 'headers'> & { retryAfter?: number; status?: 403 | 429 },
): FaultRule {
  const { retryAfter, status = 403, ...rest } = rule;
  const reply = secondaryLimitReply(status, retryAfter);
  return { ...rest, status, body: reply.body, headers: reply.headers ?? {} };
}

/**
 * The content-creation limit (facts B7): more than `perMinute` in any rolling minute or `perHour` in
 * any rolling hour is refused. Only accepted creations count: a refused one created nothing.
 */
export function contentRefusal(core: DoubleCore): Reply | undefined {
  const limits: ContentLimits = core.settings.contentLimits;
  const now = core.now();
  const log = core.limits.content;
  while (log.length > 0 && log[0]! <= now - 3_600_000) log.shift();
  const lastMinute = log.filter((at) => at > now - 60_000).length;
  if (lastMinute >= limits.perMinute || log.length >= limits.perHour)
    return secondaryLimitReply(limits.status, limits.retryAfter);
  return undefined;
}

export function recordContent(core: DoubleCore): void {
  core.limits.content.push(core.now());
}

/** What a POST /graphql document is, without validating it (a rate-limited query is never run). */
export function operationOf(body: unknown): 'query' | 'mutation' | 'invalid' {
  const query = (body as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string') return 'invalid';
  try {
    const op = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    return op?.operation === 'mutation' ? 'mutation' : op ? 'query' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** GitHub's GraphQL rate-limit answer: HTTP 200, an `errors` array, the primary headers at zero. */
export function graphqlLimitReply(core: DoubleCore, identity: TokenIdentity): Reply {
  const { type, resetInSeconds } = core.limits.graphql;
  const error =
    type === 'RATE_LIMITED'
      ? { type, message: `API rate limit exceeded for user ID ${identity.id}.` }
      : { type, code: 'graphql_rate_limit', message: `API rate limit already exceeded for user ID ${identity.id}.` };
  return json(
    200,
    { errors: [error] },
    {
      'x-ratelimit-limit': identity.type === 'Bot' ? '1000' : '5000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': identity.type === 'Bot' ? '1000' : '5000',
      'x-ratelimit-reset': String(Math.floor(core.now() / 1000) + resetInSeconds),
      'x-ratelimit-resource': 'graphql',
    },
  );
}
