// The one place that talks HTTP to Scalingo: bearer tokens (exchange, renewal, one retry on 401),
// retries of idempotent calls with capped exponential backoff and jitter, typed errors.
import { abortable, backoffDelay, sleep } from '../shared/async.ts';
import type { Logger } from '../shared/logger.ts';
import { isNetworkFailure } from '../shared/network.ts';
import { proxiedFetch, ProxyError } from '../shared/proxy.ts';
import {
  deadlineError,
  errorFromResponse,
  malformedAnswer,
  MalformedAnswer,
  networkError,
  networkReason,
  ScalingoApiError,
} from './errors.ts';
import { basicAuth, CachedToken, type TokenProvider } from './tokens.ts';
import { readBody, readJson } from './answers.ts';
import type { ApiRequest, ApiResponse, HttpOptions } from './request.ts';

export { DEFAULT_RETRY, type ApiRequest, type ApiResponse, type HttpOptions, type RetryPolicy } from './request.ts';

function trimBase(url: string, suffix: string): string {
  const noSlash = url.replace(/\/+$/, '');
  return noSlash.endsWith(suffix) ? noSlash.slice(0, -suffix.length) : noSlash;
}

export class HttpClient {
  readonly userToken: CachedToken;
  readonly logger: Logger;
  #options: HttpOptions;
  #api: string;
  #auth: string;
  #db: string;
  /** Server clock minus ours, from the Date header of the last response (for created_at comparisons). */
  #skewMs = 0;
  #rateLimited = false;

  constructor(options: HttpOptions) {
    this.#options = options;
    this.logger = options.logger;
    options.logger.mask(options.apiToken);
    this.#api = trimBase(options.apiUrl, '/v1');
    this.#auth = trimBase(options.authUrl, '/v1');
    this.#db = trimBase(options.dbApiUrl, '/api');
    this.userToken = new CachedToken(() => this.#exchange(), options.logger);
  }

  api(path: string): string {
    return `${this.#api}/v1${path}`;
  }
  db(path: string): string {
    return `${this.#db}/api${path}`;
  }
  /** True when `url` is on the regional API origin (safe to send the user JWT to). */
  isApiOrigin(url: string): boolean {
    try {
      return new URL(url).origin === new URL(this.#api).origin;
    } catch {
      return false;
    }
  }
  /** Scalingo's clock minus ours, as of the last response (0 before any). */
  get skewMs(): number {
    return this.#skewMs;
  }

  /** For debug logs: the path on Scalingo's own hosts; only the host elsewhere (attach paths carry tokens). */
  #label(req: ApiRequest): string {
    const url = new URL(req.url);
    const known = [this.#api, this.#auth, this.#db].some((base) => new URL(base).origin === url.origin);
    return `${req.method} ${known && (!req.basic || req.exchange) ? url.pathname : url.host}`;
  }

  async #exchange(): Promise<string> {
    const res = await this.request<{ token?: unknown }>({
      method: 'POST',
      url: `${this.#auth}/v1/tokens/exchange`,
      body: {},
      expect: [200, 201],
      idempotent: true,
      auth: { token: async () => this.#options.apiToken, invalidate() {} },
      basic: true,
      exchange: true,
      what: 'exchange the API token for a session token',
    });
    const token = res.body.token;
    if (typeof token !== 'string' || token === '') {
      throw new ScalingoApiError({
        kind: 'unexpected',
        status: res.status,
        message: 'Scalingo token exchange returned no token.',
      });
    }
    this.logger.mask(token);
    return token;
  }

  async request<T>(req: ApiRequest): Promise<ApiResponse<T>> {
    const { retries, rateLimitRetries } = this.#options.retry;
    const auth = req.auth === undefined ? this.userToken : req.auth;
    const label = this.#label(req);
    let refreshed = false;
    let limited = 0;
    for (let attempt = 0; ; attempt++) {
      if (req.signal?.aborted) throw deadlineError(req, label);
      const canRetry = attempt < retries;
      let res: Response | undefined;
      let body: unknown;
      try {
        res = await this.#send(req, auth);
        this.#trackSkew(res);
        if (req.expect.includes(res.status)) {
          body = req.text ? await res.text() : await readJson(res);
          return { status: res.status, body: (req.read ? req.read(body) : body) as T, headers: res.headers };
        }
        body = await readBody(res);
      } catch (error) {
        if (error instanceof ScalingoApiError) throw error;
        if (req.signal?.aborted) throw deadlineError(req, label);
        // The proxy refused or is down: retried like the network, then reported naming the proxy.
        if (error instanceof ProxyError) {
          if (canRetry && req.idempotent && error.retryable) {
            await this.#backoff(attempt, label, error.message, req.signal);
            continue;
          }
          throw error;
        }
        if (error instanceof MalformedAnswer) {
          if (canRetry && req.idempotent) {
            await this.#backoff(attempt, label, error.message, req.signal);
            continue;
          }
          throw malformedAnswer(req, label, new URL(req.url).host, res?.status ?? 0, error.message);
        }
        if (!isNetworkFailure(error)) throw error;
        // A name that does not resolve will not on the next try either (EAI_AGAIN might, and is retried).
        if (canRetry && req.idempotent && networkReason(error) !== 'ENOTFOUND') {
          await this.#backoff(attempt, label, networkReason(error), req.signal);
          continue;
        }
        throw networkError(error, req, new URL(req.url).host, attempt + 1);
      }
      if (res.status === 401 && auth && !req.exchange && !refreshed) {
        // An expired or revoked session: exchange again once, then give up.
        refreshed = true;
        auth.invalidate();
        this.logger.debug(`${label}: 401, renewing the token and trying once more`);
        attempt--;
        continue;
      }
      if (res.status === 429 && limited < rateLimitRetries) {
        this.#noteRateLimit();
        await this.#backoff(limited++, label, '429', req.signal, rateLimitRetries);
        attempt--;
        continue;
      }
      if (canRetry && res.status >= 500 && req.idempotent) {
        await this.#backoff(attempt, label, String(res.status), req.signal);
        continue;
      }
      throw errorFromResponse(res.status, body, req);
    }
  }

  async #send(req: ApiRequest, auth: TokenProvider | null): Promise<Response> {
    const url = new URL(req.url);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.#options.userAgent };
    if (auth) {
      const token = req.signal ? await abortable(auth.token(), req.signal) : await auth.token();
      headers.Authorization = req.basic ? basicAuth(token) : `Bearer ${token}`;
    }
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    const attempt = AbortSignal.timeout(req.timeoutMs ?? this.#options.requestTimeoutMs);
    return proxiedFetch(url, {
      method: req.method,
      headers,
      body,
      signal: req.signal ? AbortSignal.any([attempt, req.signal]) : attempt,
    });
  }

  async #backoff(
    attempt: number,
    label: string,
    reason: string,
    signal?: AbortSignal,
    of = this.#options.retry.retries,
  ): Promise<void> {
    const { baseDelayMs, maxDelayMs } = this.#options.retry;
    const delay = backoffDelay(attempt, baseDelayMs, maxDelayMs);
    this.logger.debug(`${label}: ${reason}, retry ${attempt + 1} of ${of} in ${delay} ms`);
    // The deadline cuts the pause short; the next turn of the loop reports it.
    await sleep(delay, signal).catch(() => undefined);
  }

  /** Said once per run: a deploy slowed down by other jobs on the same token should say why. */
  #noteRateLimit(): void {
    if (this.#rateLimited) return;
    this.#rateLimited = true;
    this.logger.info(
      'Scalingo answered 429 (at most 60 requests a minute per API token, shared by every job that uses it): waiting and retrying with backoff.',
    );
  }

  #trackSkew(res: Response): void {
    const date = res.headers.get('date');
    const server = date ? Date.parse(date) : NaN;
    if (Number.isFinite(server)) this.#skewMs = server - Date.now();
  }
}
