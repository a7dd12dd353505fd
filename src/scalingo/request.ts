// What one call to the Scalingo API is: its request (method, URL, what counts as an answer, whether it
// may be repeated), the retry policy and the client's options. HttpClient (http.ts) carries it out.
import type { Logger } from '../shared/logger.ts';
import type { RequestContext } from './errors.ts';
import type { TokenProvider } from './tokens.ts';

export interface RetryPolicy {
  /** Extra attempts after the first one (5xx, network, malformed answers of idempotent calls). */
  retries: number;
  /**
   * Extra attempts after a 429, counted apart: Scalingo's limit is per token and per minute, and
   * jobs sharing a token can keep it busy for more than a minute, so a 429 is waited out longer.
   */
  rateLimitRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

// 12 backoffs of 1 s doubling to 30 s (with jitter in the upper half) wait 2 to 4 minutes in all:
// two to four of Scalingo's one-minute windows before a 429 is reported.
export const DEFAULT_RETRY: RetryPolicy = { retries: 5, rateLimitRetries: 12, baseDelayMs: 1000, maxDelayMs: 30_000 };

export interface HttpOptions {
  apiToken: string;
  apiUrl: string;
  authUrl: string;
  dbApiUrl: string;
  logger: Logger;
  userAgent: string;
  retry: RetryPolicy;
  requestTimeoutMs: number;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest extends RequestContext {
  method: Method;
  /** Absolute URL (built with HttpClient.api()/db()/auth()). */
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Accepted statuses; anything else becomes a ScalingoApiError. */
  expect: number[];
  /**
   * Safe to send again after a 5xx or a reset (GET, bulk PUT, polls). A 429 is always retried: the
   * rate limiter refused the request before it ran, so even a create is safe to send again.
   */
  idempotent: boolean;
  /** Bearer source; defaults to the user JWT. `null` = no Authorization. */
  auth?: TokenProvider | null;
  /** Send the token as Basic ":token" instead of Bearer (one-off attach host). */
  basic?: boolean;
  /** Read the body as text instead of JSON. */
  text?: boolean;
  /** Overrides the client's per-request timeout (e.g. /wait, which lasts as long as the command). */
  timeoutMs?: number;
  /**
   * The caller's deadline for the whole operation, retries and backoff included: once it aborts,
   * the request in flight is cut and a `timeout` ScalingoApiError is thrown.
   */
  signal?: AbortSignal;
  /**
   * Checks the answer's body at the edge (throw MalformedAnswer for what is missing): a malformed
   * answer is Scalingo's failure, retried like a 5xx when the call is idempotent.
   */
  read?: (body: unknown) => unknown;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}
