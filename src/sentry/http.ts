// Requests to Sentry's API (facts A1, A7, A8): Bearer token, JSON both ways, every connection through
// the proxy helper. Idempotent calls are retried on 5xx and network failures with sentry-cli's
// backoff (1 s growing to 5 s); a 429 is waited out (Retry-After if sent, else the reset of
// X-Sentry-Rate-Limit-Reset, else the backoff) and retried whatever the call: it was refused unread.
import { backoffDelay, sleep } from '../shared/async.ts';
import type { Logger } from '../shared/logger.ts';
import { networkReason } from '../shared/network.ts';
import { ProxyError, proxiedFetch } from '../shared/proxy.ts';
import { SentryApiError, detailOf } from './errors.ts';

export interface SentryHttpOptions {
  /** The server root, e.g. https://sentry.io (the API is under /api/0/). */
  baseUrl: string;
  token: string;
  logger: Logger;
  /** Milliseconds per second of every wait: backoff and rate limits (1000; tests shrink it). */
  secondMs?: number;
  /** Attempts after the first (default 4, as sentry-cli's 5 tries). */
  retries?: number;
  /** One attempt's limit (default 30 s). */
  timeoutMs?: number;
  /** The longest rate-limit wait accepted (default one minute); a longer one fails at once. */
  maxWaitMs?: number;
  /** The run's cancellation. */
  signal?: AbortSignal;
}

export interface SentryRequest {
  query?: Record<string, string | number | (string | number)[] | undefined>;
  body?: unknown;
  /** Safe to send again after a 5xx or a lost answer (default: GET and PUT). */
  idempotent?: boolean;
}

export interface SentryResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

// sentry-cli retries 502/503/504/507/524; a 500 on a call that is safe to repeat costs nothing to retry.
const RETRY_STATUSES = new Set([500, 502, 503, 504, 507, 524]);

export class SentryHttp {
  readonly baseUrl: string;
  readonly secondMs: number;
  #token: string;
  #logger: Logger;
  #retries: number;
  #timeoutMs: number;
  #maxWaitMs: number;
  #signal: AbortSignal | undefined;

  constructor(options: SentryHttpOptions) {
    options.logger.mask(options.token);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#logger = options.logger;
    this.secondMs = options.secondMs ?? 1000;
    this.#retries = options.retries ?? 4;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxWaitMs = options.maxWaitMs ?? 60_000;
    this.#signal = options.signal;
  }

  url(path: string, query: SentryRequest['query'] = {}): string {
    const url = new URL(path.startsWith('http') ? path : `${this.baseUrl}/api/0${path}`);
    for (const [key, value] of Object.entries(query)) {
      for (const item of [value ?? []].flat()) url.searchParams.append(key, String(item));
    }
    return url.toString();
  }

  async request<T>(method: string, path: string, options: SentryRequest = {}): Promise<SentryResponse<T>> {
    const idempotent = options.idempotent ?? (method === 'GET' || method === 'PUT');
    const url = this.url(path, options.query);
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt<T>(method, url, path, options, idempotent);
      if ('response' in outcome) return outcome.response;
      const { failure, retryable, waitMs } = outcome;
      if (!retryable || attempt >= this.#retries) throw failure;
      const delay = waitMs ?? backoffDelay(attempt, this.secondMs, 5 * this.secondMs);
      if (delay > this.#maxWaitMs && failure instanceof SentryApiError) {
        const seconds = Math.ceil(delay / this.secondMs);
        throw new SentryApiError(
          method,
          path,
          429,
          `${failure.detail} (a wait of ${seconds} s, longer than this step waits)`,
        );
      }
      this.#logger.debug(`${failure.message}; trying again in ${delay} ms.`);
      await sleep(delay, this.#signal);
    }
  }

  async #attempt<T>(
    method: string,
    url: string,
    path: string,
    options: SentryRequest,
    idempotent: boolean,
  ): Promise<{ response: SentryResponse<T> } | { failure: Error; retryable: boolean; waitMs?: number }> {
    const limit = AbortSignal.timeout(this.#timeoutMs);
    const signal = this.#signal ? AbortSignal.any([this.#signal, limit]) : limit;
    let response: Response;
    let text: string;
    try {
      response = await proxiedFetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.#token}`,
          accept: 'application/json',
          'user-agent': 'scalingo-actions',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (this.#signal?.aborted) throw this.#signal.reason;
      if (error instanceof ProxyError) return { failure: error, retryable: idempotent && error.retryable };
      const reason = limit.aborted ? `no answer within ${this.#timeoutMs / 1000} s` : networkReason(error);
      return { failure: new SentryApiError(method, path, 0, `no answer (${reason})`), retryable: idempotent };
    }
    let data: unknown;
    let json = true;
    try {
      data = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = false;
    }
    if (response.ok && json)
      return { response: { status: response.status, headers: response.headers, data: data as T } };
    const failure = new SentryApiError(method, path, response.status, detailOf(data, text), data);
    if (response.status === 429) {
      const waitMs = this.#rateLimitWait(response.headers);
      return { failure, retryable: true, ...(waitMs === undefined ? {} : { waitMs }) };
    }
    // A 2xx that is not JSON is a proxy's page or a broken answer: the service failing, retried when safe.
    return { failure, retryable: idempotent && (response.ok || RETRY_STATUSES.has(response.status)) };
  }

  /** Retry-After if Sentry sends it (unconfirmed), else until X-Sentry-Rate-Limit-Reset, else the backoff. */
  #rateLimitWait(headers: Headers): number | undefined {
    const after = Number(headers.get('retry-after'));
    if (after > 0) return Math.ceil(after * this.secondMs);
    const reset = Number(headers.get('x-sentry-rate-limit-reset'));
    if (reset > 0) return Math.max(0, Math.ceil((reset - Date.now() / 1000) * this.secondMs)) + this.secondMs / 10;
    return undefined;
  }

  /** Every page of a list (Link `rel="next"; results="true"`), up to `maxPages`. */
  async paginate<T>(
    path: string,
    query: SentryRequest['query'] = {},
    maxPages = 10,
  ): Promise<{ items: T[]; complete: boolean }> {
    const items: T[] = [];
    let url: string | undefined = this.url(path, query);
    for (let page = 0; url && page < maxPages; page++) {
      const answer: SentryResponse<unknown> = await this.request<unknown>('GET', url);
      if (!Array.isArray(answer.data)) throw new SentryApiError('GET', path, answer.status, 'the answer is not a list');
      items.push(...(answer.data as T[]));
      url = nextPage(answer.headers.get('link'));
      // The next page gets our token: it must stay on Sentry's own origin.
      if (url && new URL(url).origin !== new URL(this.baseUrl).origin) url = undefined;
    }
    return { items, complete: url === undefined };
  }
}

/** The `rel="next"` URL while Sentry says it has results (sentry-cli `pagination.rs`). */
export function nextPage(link: string | null): string | undefined {
  for (const part of (link ?? '').split(/,\s*(?=<)/)) {
    const match = /<([^>]+)>/.exec(part);
    if (match && /rel="next"/.test(part) && /results="true"/.test(part)) return match[1];
  }
  return undefined;
}
