// The octokit every action uses: @actions/github's getOctokit with the retry and throttling plugins,
// over a fetch of ours that goes through the proxy (src/shared/proxy.ts), bounds each attempt, counts
// every request, and reads rate-limit answers the way GitHub documents them (facts B7): `retry-after`
// first, then `x-ratelimit-reset` when the limit is exhausted, then at least a minute.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import type { Logger } from '../shared/logger.ts';
import { proxiedFetch } from '../shared/proxy.ts';

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitSettings {
  token: string;
  apiUrl: string;
  logger: Logger;
  /** Attempts after the first for idempotent calls (default 4). */
  retries: number;
  /** Milliseconds per second of a server-asked wait and of the retry backoff (1000; tests shrink it). */
  secondMs: number;
  /** One attempt's limit, answer included. */
  timeoutMs: number;
  /** The longest rate-limit wait this run accepts; a longer one fails with when the limit resets. */
  maxWaitMs: number;
  /** Called for every HTTP attempt (the bench counts them). */
  onRequest(): void;
  /** Called when a rate-limit wait is refused for outlasting maxWaitMs. */
  onRefusedWait(refusal: RateLimitRefusal): void;
}

export interface RateLimitRefusal {
  limit: 'primary' | 'secondary';
  waitSeconds: number;
  method: string;
  url: string;
}

const RATE_LIMIT_STATUSES = new Set([403, 429]);

/**
 * One form for every rate-limit answer, so the throttling plugin waits as GitHub asks: an exhausted
 * limit without `retry-after` gets one from its reset time; a limit that names a wait but no reset
 * (a generic 429) is read as exhausted until then; a bare 429 waits the documented minute.
 */
export async function normaliseRateLimit(response: Response): Promise<Response> {
  if (!RATE_LIMIT_STATUSES.has(response.status)) return response;
  const headers = new Headers(response.headers);
  const body = await response.clone().text();
  const secondary = /\bsecondary rate\b/i.test(body);
  const limited = secondary || response.status === 429 || /rate limit/i.test(body) || headers.has('retry-after');
  if (!limited) return response;
  const now = Math.floor(Date.now() / 1000);
  const retryAfter = Number(headers.get('retry-after'));
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (secondary) {
    if (!headers.has('retry-after') && headers.get('x-ratelimit-remaining') === '0' && reset > 0) {
      headers.set('retry-after', String(Math.max(60, reset - now)));
    }
  } else if (headers.get('x-ratelimit-remaining') !== '0') {
    headers.set('x-ratelimit-remaining', '0');
    headers.set('x-ratelimit-reset', String(now + (retryAfter > 0 ? retryAfter : 60)));
  }
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

function transport(settings: OctokitSettings): typeof fetch {
  return async (input, init) => {
    settings.onRequest();
    const limit = AbortSignal.timeout(settings.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, limit]) : limit;
    try {
      return await normaliseRateLimit(await proxiedFetch(input, { ...init, signal }));
    } catch (error) {
      // octokit retries network failures but not its own AbortErrors: a hung answer is a network failure.
      if (limit.aborted && !init?.signal?.aborted) {
        settings.logger.debug(
          `No answer from GitHub within ${settings.timeoutMs} ms; retrying if the call is safe to repeat.`,
        );
        throw new TypeError('fetch failed', { cause: limit.reason });
      }
      throw error;
    }
  };
}

export function createOctokit(settings: OctokitSettings): Octokit {
  const { logger, secondMs, maxWaitMs } = settings;
  const wait =
    (limit: RateLimitRefusal['limit']) =>
    (after: number, options: { method: string; url: string }, _o: unknown, count: number) => {
      if (count >= settings.retries) return false;
      if (after * 1000 > maxWaitMs) {
        settings.onRefusedWait({ limit, waitSeconds: after, method: options.method, url: options.url });
        return false;
      }
      // A rate-limit pause can last a while: the user sees why the job waits.
      logger.info(`GitHub's ${limit} rate limit: waiting ${after} s before ${options.method} ${options.url} again.`);
      return true;
    };
  return getOctokit(
    settings.token,
    {
      baseUrl: settings.apiUrl,
      userAgent: 'scalingo-actions',
      headers: { 'x-github-api-version': '2022-11-28' },
      request: { fetch: transport(settings) },
      log: {
        debug: () => {},
        info: () => {},
        warn: (m: string) => logger.debug(m),
        error: (m: string) => logger.debug(m),
      },
      // Rate limits are the throttling plugin's; the retry plugin takes 5xx and network failures.
      retry: {
        retries: settings.retries,
        retryAfterBaseValue: secondMs,
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      },
      throttle: {
        onRateLimit: wait('primary'),
        onSecondaryRateLimit: wait('secondary'),
        retryAfterBaseValue: secondMs,
        // Queries need no spacing; content creation does (facts B7: at least a second between writes).
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: secondMs }),
      },
    },
    retry,
    throttling,
  );
}
