import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GitFixture } from './git-fixture.ts';
import type { RateLimits } from './rate-limits.ts';
import type { DoubleSettings } from './settings.ts';
import type { DoubleState } from './state.ts';
import type { TokenIdentity } from './tokens.ts';

/** What every route handler sees of the double. */
export interface DoubleCore {
  url: string;
  owner: string;
  repo: string;
  htmlUrl: string;
  git: GitFixture;
  state: DoubleState;
  /** Largest per_page honoured (GitHub: 100). */
  maxPerPage: number;
  /** http://127.0.0.1:<port>, whatever `url` is: where the archive (codeload) links point. */
  loopbackUrl: string;
  /** Signed codeload tokens handed out in tarball redirects: token -> sha. */
  archiveTokens: Map<string, string>;
  deploymentsDenied: boolean;
  /** Every token the double accepts, and who it acts as. */
  tokens: Map<string, TokenIdentity>;
  settings: DoubleSettings;
  /** The double's clock (ms): comment times and rate-limit windows read it, so tests can move it. */
  now(): number;
  limits: RateLimits;
}

export interface Ctx {
  method: string;
  path: string;
  params: string[];
  query: URLSearchParams;
  body: unknown;
  core: DoubleCore;
  /** Who the request's token acts as. */
  identity: TokenIdentity;
  req: IncomingMessage;
  res: ServerResponse;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The handler wrote the response itself (streams). */
  streamed?: boolean;
}

export interface Route {
  method: string;
  /** Matched against the path without query; capture groups become ctx.params (decoded). */
  pattern: RegExp;
  /** Served without the Authorization header (signed URLs). */
  public?: boolean;
  /** Counts toward the content-creation secondary rate limit (it creates something that notifies). */
  createsContent?: boolean;
  handle(ctx: Ctx): Reply | Promise<Reply>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

export const notFound = (): Reply =>
  json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });

/** What a GitHub App token (GITHUB_TOKEN) gets for a write its permissions do not cover. */
export const notAccessible = (docs = 'https://docs.github.com/rest'): Reply =>
  json(403, { message: 'Resource not accessible by integration', documentation_url: docs, status: '403' });

/** 422 the way GitHub words validation failures. */
export const invalid = (resource: string, field: string, code: string, message?: string): Reply =>
  json(422, {
    message: 'Validation Failed',
    errors: [{ resource, field, code, ...(message ? { message } : {}) }],
    documentation_url: 'https://docs.github.com/rest',
    status: '422',
  });

/** One page of items with GitHub's Link header (page/per_page, default 30, capped at maxPerPage). */
export function page<T>(ctx: Ctx, items: T[], wrap: (slice: T[]) => unknown = (s) => s): Reply {
  const perPage = Math.max(1, Math.min(ctx.core.maxPerPage, Number(ctx.query.get('per_page') ?? 30) || 30));
  const number = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string): string => {
    const params = new URLSearchParams(ctx.query);
    params.set('per_page', String(perPage));
    params.set('page', String(n));
    return `<${ctx.core.url}${ctx.path}?${params}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (number > 1) links.push(link(number - 1, 'prev'), link(1, 'first'));
  if (number < last) links.push(link(number + 1, 'next'), link(last, 'last'));
  const slice = items.slice((number - 1) * perPage, number * perPage);
  return json(200, wrap(slice), links.length > 0 ? { link: links.join(', ') } : undefined);
}

export function bodyObject(ctx: Ctx): Record<string, unknown> {
  return ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body)
    ? (ctx.body as Record<string, unknown>)
    : {};
}

export const isoNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The double's clock as GitHub writes timestamps (ISO 8601, no milliseconds). */
export const isoAt = (core: DoubleCore): string => new Date(core.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
