import type { SentryToken } from './auth.ts';
import type { SentrySettings } from './settings.ts';
import type { SentryState } from './state.ts';

/** What every route handler sees of the double. */
export interface SentryCore {
  /** Server root, as SENTRY_URL (`http://127.0.0.1:<port>`); the API is under `/api/0/`. */
  url: string;
  org: string;
  state: SentryState;
  settings: SentrySettings;
  tokens: Map<string, SentryToken>;
  now(): number;
}

/** Which scopes a route needs: DRF permission classes of the server (facts A1). */
export type Permission = 'release-read' | 'release-write' | 'event-read' | 'org-read';

export interface Ctx {
  method: string;
  /** Capture groups of the route pattern, percent-decoded one by one (a version may hold `@` or `+`). */
  params: string[];
  query: URLSearchParams;
  body: unknown;
  core: SentryCore;
  token: SentryToken;
  /** The request URL without query, to build pagination links. */
  pathUrl: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** Matched against the raw path (trailing slash optional); groups are decoded into ctx.params. */
  pattern: RegExp;
  /** Rate-limit bucket: Sentry limits per caller and per endpoint. */
  name: string;
  permission: Permission;
  /** Deploy endpoints answer 404, never 403, when the token may not act (facts A5). */
  hideForbidden?: boolean;
  handle(ctx: Ctx): Reply | Promise<Reply>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

/** DRF's ResourceDoesNotExist body (server `api/exceptions.py`). */
export const notFound = (): Reply => json(404, { detail: 'The requested resource does not exist' });

/** A serializer error: `{ field: [message] }`, the 400 shape sentry-cli prints raw. */
export const fieldError = (field: string, message: string): Reply => json(400, { [field]: [message] });

export function bodyObject(ctx: Ctx): Record<string, unknown> {
  return ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body)
    ? (ctx.body as Record<string, unknown>)
    : {};
}

/** Sentry's timestamps: ISO 8601 with milliseconds and Z. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** An ISO date a serializer accepts (DRF DateTimeField), or undefined. */
export function parseDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return undefined;
  return new Date(value).toISOString();
}

/**
 * One page with Sentry's cursor pagination: `Link` with `rel="previous"` and `rel="next"`, each with
 * `results="true|false"` and `cursor="0:<offset>:<is_prev>"`; clients continue only while next says true.
 */
export function paginate<T>(ctx: Ctx, items: T[], limit: number): Reply {
  const [, offsetText = '0'] = (ctx.query.get('cursor') ?? '0:0:0').split(':');
  const offset = Math.max(0, Number(offsetText) || 0);
  const slice = items.slice(offset, offset + limit);
  const link = (cursor: string, rel: string, results: boolean): string => {
    const params = new URLSearchParams(ctx.query);
    params.set('cursor', cursor);
    return `<${ctx.pathUrl}?${params}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  };
  const previous = link(`0:${Math.max(0, offset - limit)}:1`, 'previous', offset > 0);
  const next = link(`0:${offset + limit}:0`, 'next', offset + limit < items.length);
  return json(200, slice, { link: `${previous}, ${next}`, 'x-hits': String(items.length) });
}
