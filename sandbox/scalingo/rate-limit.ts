// The regional API's rate limit (scalingo-api.md §2: 60 requests per minute, then 429 with the
// plain-text body `Retry later` and no Retry-After). Counted per API token: every JWT exchanged
// from a token carries its user's `uuid`, and the sandbox has one token per user, so the key is
// that uuid. Only the regional API counts: the auth host (exchange, regions, users/self), the
// database API, the signed URLs (sources, logs, archives), the attach host and the deployment
// stream are other services on Scalingo.
export interface RateLimit {
  perMinute: number;
  /** Length of the sliding window; 60 000 unless a test wants a shorter minute. */
  windowMs?: number;
}

const AUTH_HOST_PATHS = new Set(['/v1/tokens/exchange', '/v1/regions', '/v1/users/self']);

export class RateLimiter {
  #limit: RateLimit | null;
  readonly #seen = new Map<string, number[]>();

  constructor(limit: RateLimit | null) {
    this.#limit = limit;
  }

  set(limit: RateLimit | null): void {
    this.#limit = limit;
    this.#seen.clear();
  }

  /** Whether a request to this path is counted at all. */
  counts(path: string): boolean {
    return this.#limit !== null && path.startsWith('/v1/') && !AUTH_HOST_PATHS.has(path);
  }

  /** Records an accepted request for `key`, or answers false when the window is full (not recorded). */
  take(key: string, now = Date.now()): boolean {
    if (!this.#limit) return true;
    const windowMs = this.#limit.windowMs ?? 60_000;
    const times = (this.#seen.get(key) ?? []).filter((t) => t > now - windowMs);
    if (times.length >= this.#limit.perMinute) {
      this.#seen.set(key, times);
      return false;
    }
    times.push(now);
    this.#seen.set(key, times);
    return true;
  }
}
