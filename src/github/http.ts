import { backoffDelay, sleep } from '../shared/async.ts';
import type { Logger } from '../shared/logger.ts';
import { GitHubApiError, GitHubPermissionError } from './errors.ts';
import type { RetryOptions } from './types.ts';

export interface HttpOptions {
  token: string;
  apiUrl: string;
  graphqlUrl: string;
  logger: Logger;
  retry?: RetryOptions;
  /** One attempt's limit, answer body included (default 30 s): a hung connection must not hang the job. */
  timeoutMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Repeat on 5xx, resets and rate limits. Default: true for GET, false otherwise. */
  idempotent?: boolean;
  /** 'manual' returns 3xx answers as they are (the tarball's signed Location). */
  redirect?: 'follow' | 'manual';
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

const USER_AGENT = 'scalingo-actions';

/**
 * Plain fetch against the REST and GraphQL endpoints: auth, JSON, retries with capped backoff and
 * jitter, rate-limit waits, typed errors, and a count of every request sent (the bench reports it).
 */
export class GitHubHttp {
  #token: string;
  #apiUrl: string;
  #graphqlUrl: string;
  #logger: Logger;
  #retries: number;
  #baseDelayMs: number;
  #maxDelayMs: number;
  #timeoutMs: number;
  requestCount = 0;

  constructor(options: HttpOptions) {
    this.#token = options.token;
    this.#apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.#graphqlUrl = options.graphqlUrl.replace(/\/+$/, '');
    this.#logger = options.logger;
    this.#retries = options.retry?.retries ?? 4;
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 500;
    this.#maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    options.logger.mask(options.token);
  }

  url(path: string, query?: RequestOptions['query']): string {
    const url = new URL(path.startsWith('http') ? path : `${this.#apiUrl}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.#send<T>(method, this.url(path, options.query), path, options);
  }

  /**
   * Follows `Link: rel="next"` until the last page, or until `more` says the page read is enough;
   * `pick` extracts the items of a page.
   */
  async paginate<T, P = T[]>(
    path: string,
    query: RequestOptions['query'] = {},
    pick?: (page: P) => T[],
    more?: (page: P) => boolean,
  ): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = this.url(path, { per_page: 100, ...query });
    while (url) {
      const response: HttpResponse<P> = await this.#send<P>('GET', url, path, {});
      items.push(...(pick ? pick(response.data) : (response.data as unknown as T[])));
      url = more && !more(response.data) ? undefined : nextLink(response.headers.get('link'));
      // The next page gets our token: it must stay on the API's own origin.
      if (url && new URL(url).origin !== new URL(this.#apiUrl).origin) {
        throw new GitHubApiError(
          'GET',
          path,
          response.status,
          `pagination link leaves the API origin (${new URL(url).origin})`,
        );
      }
    }
    return items;
  }

  /** A GraphQL query (always safe to repeat). GraphQL `errors` become a GitHubApiError, NOT_FOUND ones aside when allowed. */
  async graphql<T>(
    query: string,
    variables: Record<string, unknown> = {},
    options: { allowNotFound?: boolean } = {},
  ): Promise<T> {
    const response = await this.#send<{ data?: T; errors?: { message: string; type?: string }[] }>(
      'POST',
      this.#graphqlUrl,
      '/graphql',
      {
        body: { query, variables },
        idempotent: true,
      },
    );
    // An aliased lookup of a missing pull request answers null plus a NOT_FOUND error; the rest still counts.
    const errors = (response.data.errors ?? []).filter(
      (e) => !(options.allowNotFound && e.type === 'NOT_FOUND' && response.data.data),
    );
    if (errors.length > 0 || !response.data.data) {
      const message = errors.map((e) => e.message).join('; ') || 'no data in the answer';
      throw new GitHubApiError('POST', '/graphql', response.status, message);
    }
    return response.data.data;
  }

  async #send<T>(method: string, url: string, path: string, options: RequestOptions): Promise<HttpResponse<T>> {
    const idempotent = options.idempotent ?? method === 'GET';
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      let text: string;
      try {
        this.requestCount++;
        response = await fetch(url, {
          method,
          redirect: options.redirect ?? 'follow',
          signal: AbortSignal.timeout(this.#timeoutMs),
          headers: {
            authorization: `Bearer ${this.#token}`,
            accept: 'application/vnd.github+json',
            'x-github-api-version': '2022-11-28',
            'user-agent': USER_AGENT,
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
        text = await response.text();
      } catch (error) {
        // A reset or a timeout: the server may or may not have acted, so only idempotent calls are repeated.
        if (idempotent && attempt < this.#retries) {
          await this.#wait(attempt, undefined, `${method} ${path}: ${(error as Error).message}`);
          continue;
        }
        throw new GitHubApiError(method, path, 0, `no answer (${(error as Error).message})`);
      }
      if (response.ok || (options.redirect === 'manual' && response.status >= 300 && response.status < 400)) {
        return { status: response.status, headers: response.headers, data: parseBody(text) as T };
      }
      const rateLimitWait = rateLimitDelayMs(response, text);
      const retryable = response.status >= 500 || response.status === 429 || rateLimitWait !== undefined;
      // A rate-limited request was refused before GitHub acted on it, so even a create may be repeated.
      if (retryable && (idempotent || rateLimitWait !== undefined) && attempt < this.#retries) {
        await this.#wait(attempt, rateLimitWait, `${method} ${path} answered ${response.status}`);
        continue;
      }
      const message = githubMessage(text, response.statusText);
      // A 403 that is a rate limit is not a missing permission: callers must not shrug it off as one.
      if (response.status === 403 && rateLimitWait === undefined)
        throw new GitHubPermissionError(method, path, 403, message);
      throw new GitHubApiError(method, path, response.status, message);
    }
  }

  async #wait(attempt: number, serverDelayMs: number | undefined, why: string): Promise<void> {
    const delay = Math.min(
      this.#maxDelayMs,
      serverDelayMs ?? backoffDelay(attempt, this.#baseDelayMs, this.#maxDelayMs),
    );
    // A rate-limit pause can last long enough that the user should see why the job is waiting.
    const say = serverDelayMs === undefined ? this.#logger.debug : this.#logger.info;
    say.call(this.#logger, `${why}; retrying in ${Math.round(delay)} ms`);
    await sleep(delay);
  }
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function githubMessage(text: string, fallback: string): string {
  const body = parseBody(text) as
    { message?: string; errors?: { message?: string; code?: string }[] } | string | undefined;
  if (body && typeof body === 'object' && body.message) {
    const details = (body.errors ?? []).map((e) => e.message ?? e.code).filter(Boolean);
    return details.length > 0 ? `${body.message} (${details.join('; ')})` : body.message;
  }
  return typeof body === 'string' && body ? body.slice(0, 300) : fallback;
}

/** How long GitHub asks us to wait, for 403/429 rate-limit answers; undefined for anything else. */
export function rateLimitDelayMs(response: Response, body = ''): number | undefined {
  if (response.status !== 403 && response.status !== 429) return undefined;
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
  if (response.headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - Date.now()) + 1000;
  }
  // A secondary rate limit may come without headers; GitHub asks for at least a minute's pause.
  if (/rate limit/i.test(body)) return 60_000;
  return response.status === 429 ? 0 : undefined;
}

function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}
