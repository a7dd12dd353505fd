// The GitHub calls of this project, over the octokit of octokit.ts: REST with our idempotency rule
// (a create is never repeated blindly), pagination that keeps the token on the API's origin, GraphQL
// through octokit.graphql, and every failure as a GitHubApiError that says whose it is.
import { GraphqlResponseError } from '@octokit/graphql';
import { RequestError } from '@octokit/request-error';
import type { Logger } from '../shared/logger.ts';
import { networkReason } from '../shared/network.ts';
import { ProxyError } from '../shared/proxy.ts';
import { GitHubApiError, GitHubPermissionError, GitHubRateLimitError } from './errors.ts';
import { createOctokit, type Octokit, type RateLimitRefusal } from './octokit.ts';
import type { RetryOptions } from './types.ts';

export interface HttpOptions {
  token: string;
  apiUrl: string;
  graphqlUrl: string;
  logger: Logger;
  retry?: RetryOptions;
  /** One attempt's limit, answer body included (default 30 s): a hung connection must not hang the job. */
  timeoutMs?: number;
  /** The longest rate-limit wait accepted (default 10 minutes); a longer one fails, saying when it resets. */
  maxWaitMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Repeat on 5xx and resets. Default: true for GET, false otherwise. Rate limits are always waited out. */
  idempotent?: boolean;
  /** 'manual' returns 3xx answers as they are (the tarball's signed Location). */
  redirect?: 'follow' | 'manual';
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export class GitHubHttp {
  readonly octokit: Octokit;
  #apiUrl: string;
  #graphqlBase: string;
  #retries: number;
  #refusals: RateLimitRefusal[] = [];
  requestCount = 0;

  constructor(options: HttpOptions) {
    options.logger.mask(options.token);
    this.#apiUrl = options.apiUrl.replace(/\/+$/, '');
    // octokit.graphql posts to `${baseUrl}/graphql`; GitHub Enterprise's /api/graphql fits too.
    this.#graphqlBase = options.graphqlUrl.replace(/\/+$/, '').replace(/\/graphql$/, '');
    this.#retries = options.retry?.retries ?? 4;
    this.octokit = createOctokit({
      token: options.token,
      apiUrl: this.#apiUrl,
      logger: options.logger,
      retries: this.#retries,
      secondMs: options.retry?.baseDelayMs ?? 1000,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxWaitMs: options.maxWaitMs ?? 10 * 60_000,
      onRequest: () => this.requestCount++,
      onRefusedWait: (refusal) => this.#refusals.push(refusal),
    });
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
      const page = pick ? pick(response.data) : (response.data as unknown as T[]);
      if (!Array.isArray(page)) throw new GitHubApiError('GET', path, response.status, 'the answer is not a list');
      items.push(...page);
      url = more && !more(response.data) ? undefined : nextLink(response.headers.get('link'));
      // The next page gets our token: it must stay on the API's own origin.
      if (url && new URL(url).origin !== new URL(this.#apiUrl).origin) {
        const origin = new URL(url).origin;
        throw new GitHubApiError('GET', path, response.status, `pagination link leaves the API origin (${origin})`);
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
    try {
      const data = await this.octokit.graphql<T>(query, { ...variables, baseUrl: this.#graphqlBase });
      if (!data) throw new GitHubApiError('POST', '/graphql', 200, 'no data in the answer');
      return data;
    } catch (error) {
      // An aliased lookup of a missing pull request answers null plus a NOT_FOUND error; the rest still counts.
      if (error instanceof GraphqlResponseError) {
        const errors = (error.errors ?? []).filter((e) => !(options.allowNotFound && e.type === 'NOT_FOUND'));
        if (errors.length === 0 && error.data) return error.data as T;
        const message = errors.map((e) => (e.type ? `${e.type}: ${e.message}` : e.message)).join('; ');
        throw new GitHubApiError('POST', '/graphql', 200, message || 'no data in the answer');
      }
      throw this.#failure('POST', '/graphql', error);
    }
  }

  async #send<T>(method: string, url: string, path: string, options: RequestOptions): Promise<HttpResponse<T>> {
    const idempotent = options.idempotent ?? method === 'GET';
    try {
      const response = await this.octokit.request({
        method: method as 'GET',
        url,
        ...(options.body === undefined ? {} : { data: options.body }),
        request: {
          // A server that may have acted on a create is never asked twice (rate limits aside: refused
          // unread). Only 0 is set per request: the retry plugin repeats any error of a request that
          // carries its own `retries`, permissions included.
          ...(idempotent ? {} : { retries: 0 }),
          ...(options.redirect ? { redirect: options.redirect } : {}),
        },
      });
      return {
        status: response.status,
        headers: new Headers(response.headers as Record<string, string>),
        data: response.data as T,
      };
    } catch (error) {
      throw this.#failure(method, path, error);
    }
  }

  #failure(method: string, path: string, error: unknown): Error {
    if (error instanceof GitHubApiError || error instanceof ProxyError) return error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof ProxyError) return cause;
    const status = error instanceof RequestError ? error.status : 0;
    const response = (error as { response?: { status?: number; data?: unknown } }).response;
    if (!response) return new GitHubApiError(method, path, 0, `no answer (${networkReason(error)})`);
    const message = githubMessage(response.data, (error as Error).message);
    const refusal = this.#refusals.find((r) => r.method === method && r.url.endsWith(path.split('?')[0] ?? path));
    if (refusal) return new GitHubRateLimitError(method, path, response.status ?? status, message, refusal);
    if (RATE_LIMITED.test(message)) return new GitHubApiError(method, path, response.status ?? status, message);
    if ((response.status ?? status) === 403) return new GitHubPermissionError(method, path, 403, message);
    return new GitHubApiError(method, path, response.status ?? status, message);
  }
}

const RATE_LIMITED = /rate limit|RATE_LIMITED/i;

function githubMessage(data: unknown, fallback: string): string {
  if (data && typeof data === 'object') {
    const body = data as { message?: string; errors?: { message?: string; code?: string; type?: string }[] };
    const details = (body.errors ?? []).map((e) => e.message ?? e.code).filter(Boolean);
    if (body.message) return details.length > 0 ? `${body.message} (${details.join('; ')})` : body.message;
    if (details.length > 0) return details.join('; ');
  }
  return typeof data === 'string' && data ? data.slice(0, 300) : fallback;
}

function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}
