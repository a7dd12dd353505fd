// The request journal and the fault rules tests use to make the sandbox misbehave.
import type { IncomingHttpHeaders } from 'node:http';

export type AuthKind = 'basic' | 'bearer' | 'none';

export interface JournalEntry {
  method: string;
  /** Path without the query string, e.g. /v1/apps/my-app/deployments. */
  path: string;
  query: Record<string, string | string[]>;
  /** Parsed JSON body, or null (no body, or not JSON such as an uploaded archive). */
  body: unknown;
  /** Status sent: 101 for an accepted WebSocket upgrade, 0 for a dropped request. */
  status: number;
  auth: AuthKind;
  time: number;
  headers: IncomingHttpHeaders;
  fault?: boolean;
  /** Answered 429 `Retry later` by the rate limit (option rateLimit). */
  rateLimited?: boolean;
}

export interface FaultRule {
  method?: string;
  path: string | RegExp;
  status?: number;
  body?: string;
  delayMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** How many matching requests it hits (default 1; Infinity for all). */
  times?: number;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Token exchanges change nothing the user could see. */
export function isMutation(entry: JournalEntry): boolean {
  if (!MUTATING.has(entry.method)) return false;
  if (entry.path === '/v1/tokens/exchange') return false;
  return !/^\/v1\/apps\/[^/]+\/addons\/[^/]+\/token$/.test(entry.path);
}

export class FaultBook {
  readonly #rules: { rule: FaultRule; left: number }[] = [];

  add(rule: FaultRule): void {
    this.#rules.push({ rule, left: rule.times ?? 1 });
  }

  /** The first live rule for this request, consumed once. */
  take(method: string, path: string): FaultRule | undefined {
    const hit = this.#rules.find(({ rule, left }) => left > 0 && matches(rule, method, path));
    if (!hit) return undefined;
    hit.left -= 1;
    return hit.rule;
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  return typeof rule.path === 'string' ? rule.path === path : rule.path.test(path);
}

/** §2 bodies: 429 is the documented plain text, everything else a JSON `error`. */
export function faultBody(status: number): { contentType: string; body: string } {
  if (status === 429) return { contentType: 'text/plain; charset=utf-8', body: 'Retry later' };
  if (status === 404)
    return { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ error: 'not found' }) };
  if (status === 422)
    return {
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ errors: { base: ['is invalid'] } }),
    };
  const messages: Record<number, string> = {
    400: 'bad request',
    401: 'not authenticated',
    402: 'payment required',
    403: 'forbidden',
    409: 'conflict',
    502: 'bad gateway',
    503: 'service unavailable',
    504: 'gateway timeout',
  };
  return {
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: messages[status] ?? 'internal server error' }),
  };
}
