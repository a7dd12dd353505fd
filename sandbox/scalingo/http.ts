// A small router over node:http with the helpers every route uses: JSON/text answers that record
// their status in the journal, body parsing (a Go client's `{}` on body-less POSTs is fine),
// and authentication by kind.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JwtClaims, JwtIssuer } from './jwt.ts';
import type { AuthKind, JournalEntry } from './journal.ts';

/**
 * none: no check. user: Bearer user JWT. addon: Bearer addon JWT. basic-jwt: Basic ":"+user JWT
 * (one-off attach). exchange: handled by the route itself.
 */
export type AuthRule = 'none' | 'user' | 'addon' | 'basic-jwt';

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  params: Record<string, string>;
  entry: JournalEntry;
  claims: JwtClaims | null;
}

export type Handler = (ctx: Ctx) => void | Promise<void>;

export interface Route {
  method: string;
  auth: AuthRule;
  /** Leave the request body unread (the handler streams it). */
  stream?: boolean;
  handler: Handler;
  regex: RegExp;
  keys: string[];
}

export class Router {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, auth: AuthRule, handler: Handler, options: { stream?: boolean } = {}): void {
    const keys: string[] = [];
    const source = pattern
      .split('/')
      .map((part) => {
        if (part === '*') return '.*';
        if (part.startsWith(':')) {
          keys.push(part.slice(1));
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.#routes.push({ method, auth, handler, keys, regex: new RegExp(`^${source}/?$`), ...options });
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.#routes) {
      if (route.method !== method && !(route.method === '*')) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return undefined;
  }
}

export function sendJson(ctx: Ctx, status: number, body: unknown, headers: Record<string, string> = {}): void {
  ctx.entry.status = status;
  ctx.res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  ctx.res.end(JSON.stringify(body));
}

export function sendText(ctx: Ctx, status: number, text: string, headers: Record<string, string> = {}): void {
  ctx.entry.status = status;
  ctx.res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  ctx.res.end(text);
}

export function sendEmpty(ctx: Ctx, status: number, headers: Record<string, string> = {}): void {
  ctx.entry.status = status;
  ctx.res.writeHead(status, headers);
  ctx.res.end();
}

export function notFound(ctx: Ctx, resource: string): void {
  sendJson(ctx, 404, { resource, error: 'not found' });
}

export function unprocessable(ctx: Ctx, errors: Record<string, string[]>): void {
  sendJson(ctx, 422, { errors });
}

export function authKind(req: IncomingMessage): AuthKind {
  const header = req.headers.authorization ?? '';
  if (/^basic /i.test(header)) return 'basic';
  if (/^bearer /i.test(header)) return 'bearer';
  return 'none';
}

/** The password of a Basic header (Scalingo's user part is always empty). */
export function basicPassword(req: IncomingMessage): string | null {
  const m = /^basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

export function bearerToken(req: IncomingMessage): string | null {
  const m = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1]?.trim() ?? null;
}

/** Checks the route's auth rule; answers 401 itself and returns null when it fails. */
export function authenticate(ctx: Ctx, rule: AuthRule, jwt: JwtIssuer): JwtClaims | null | 'ok' {
  if (rule === 'none') return 'ok';
  const token = rule === 'basic-jwt' ? basicPassword(ctx.req) : bearerToken(ctx.req);
  if (!token) {
    sendJson(ctx, 401, { error: 'not authenticated' });
    return null;
  }
  const check = jwt.verify(token);
  if (!check.ok) {
    sendJson(ctx, 401, { error: check.reason === 'expired' ? 'token has expired' : 'invalid token' });
    return null;
  }
  const isAddon = check.claims.addon_uuid !== undefined;
  if ((rule === 'addon') !== isAddon) {
    sendJson(ctx, 401, { error: rule === 'addon' ? 'unauthorized' : 'invalid token' });
    return null;
  }
  return check.claims;
}

export async function readBody(req: IncomingMessage, limit = 5 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function parseQuery(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 && !key.endsWith('[]') ? (values[0] ?? '') : values;
  }
  return query;
}

export function queryString(ctx: Ctx, key: string): string | undefined {
  const value = ctx.query[key];
  return Array.isArray(value) ? value[0] : value;
}

/** `{"deployment":{…}}` → the inner object, when it is one. */
export function wrapped(body: unknown, key: string): Record<string, unknown> | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const inner = (body as Record<string, unknown>)[key];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : undefined;
}
