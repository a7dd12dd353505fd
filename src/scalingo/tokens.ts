// Short-lived bearer tokens: the user JWT from the token exchange and the addon JWTs of the
// database API. Both last an hour; we read `exp` without verifying and renew with 5 minutes left.
import type { Logger } from '../shared/logger.ts';

const RENEW_MARGIN_MS = 5 * 60_000;
const DEFAULT_LIFETIME_MS = 60 * 60_000;

/** Something that hands out a bearer token and can be told the current one was refused. */
export interface TokenProvider {
  token(): Promise<string>;
  invalidate(): void;
}

/** The `exp` claim in ms, or undefined when the token is not a readable JWT. */
export function jwtExpiry(jwt: string): number | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Caches a token obtained by `fetchToken` until it is about to expire. Concurrent callers share
 * one fetch. Every token is masked before anyone else sees it.
 */
export class CachedToken implements TokenProvider {
  #fetchToken: () => Promise<string>;
  #logger: Logger;
  #now: () => number;
  #current: { value: string; renewAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(fetchToken: () => Promise<string>, logger: Logger, now: () => number = Date.now) {
    this.#fetchToken = fetchToken;
    this.#logger = logger;
    this.#now = now;
  }

  token(): Promise<string> {
    const current = this.#current;
    if (current && this.#now() < current.renewAt) return Promise.resolve(current.value);
    this.#pending ??= this.#renew().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  invalidate(): void {
    this.#current = undefined;
  }

  async #renew(): Promise<string> {
    const value = await this.#fetchToken();
    this.#logger.mask(value);
    const now = this.#now();
    const expiresAt = jwtExpiry(value) ?? now + DEFAULT_LIFETIME_MS;
    // Five minutes before expiry, or halfway through a token that arrives with less than ten to live:
    // a short-lived token is still reused, not exchanged again before every request.
    const margin = Math.min(RENEW_MARGIN_MS, Math.max(0, expiresAt - now) / 2);
    this.#current = { value, renewAt: expiresAt - margin };
    return value;
  }
}

export function basicAuth(secret: string): string {
  return `Basic ${Buffer.from(`:${secret}`).toString('base64')}`;
}
