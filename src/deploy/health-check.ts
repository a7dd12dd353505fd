// After a successful deployment, GET the app until it answers 2xx: "deployed" is not "serving".
import { sleep } from '../shared/async.ts';
import { networkReason } from '../shared/network.ts';
import { proxiedFetch, ProxyError } from '../shared/proxy.ts';
import type { Logger } from '../shared/logger.ts';
import { ConfigurationError } from '../shared/errors.ts';
import { formatDuration } from '../shared/duration.ts';

export interface HealthCheckOptions {
  /** A path on the app URL (`/healthz`) or a full http(s) URL. */
  target: string;
  appUrl: string;
  timeoutMs: number;
  /** First wait between attempts; doubles up to maxDelayMs, with jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Cap on one request, so a hanging app cannot eat the whole budget in one go. */
  requestTimeoutMs?: number;
}

export interface HealthCheckResult {
  url: string;
  status: number;
  attempts: number;
  durationMs: number;
}

export function healthCheckUrl(target: string, appUrl: string): string {
  if (/^https?:\/\//i.test(target)) return target;
  // Joined, not resolved: an app URL may have a path of its own (a proxy prefix), kept as is.
  return `${appUrl.replace(/\/+$/, '')}${target.startsWith('/') ? target : `/${target}`}`;
}

const EXCERPT = 200;

export async function checkHealth(
  deps: { logger: Logger; fetch?: typeof fetch },
  options: HealthCheckOptions,
): Promise<HealthCheckResult> {
  const doFetch = deps.fetch ?? proxiedFetch;
  const url = healthCheckUrl(options.target, options.appUrl);
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const maxDelay = options.maxDelayMs ?? 15_000;
  let delay = options.initialDelayMs ?? 1000;
  let attempts = 0;
  let last = 'no answer yet';
  // The last HTTP answer says more than a final attempt cut by the deadline.
  let lastAnswer: string | undefined;

  deps.logger.info(`Health check: GET ${url} until it answers 2xx (up to ${formatDuration(options.timeoutMs)}).`);
  for (;;) {
    attempts += 1;
    const remaining = Math.max(2000, deadline - Date.now());
    try {
      const response = await doFetch(url, {
        redirect: 'follow',
        headers: { 'User-Agent': 'scalingo-actions health check' },
        signal: AbortSignal.timeout(Math.max(1, Math.min(options.requestTimeoutMs ?? 10_000, remaining))),
      });
      const body = await response.text().catch(() => '');
      if (response.ok) {
        deps.logger.info(`Health check passed: ${url} answered ${response.status} after ${attempts} attempt(s).`);
        return { url, status: response.status, attempts, durationMs: Date.now() - started };
      }
      last = `HTTP ${response.status}${excerpt(body)}`;
      lastAnswer = last;
    } catch (error) {
      last = `no response (${error instanceof ProxyError ? error.message : networkReason(error)})`;
    }
    deps.logger.info(`Health check attempt ${attempts}: ${last}`);
    const wait = Math.min(delay, deadline - Date.now());
    if (wait <= 0) break;
    // Jitter below the planned pause, so the last attempt still lands before the deadline.
    await sleep(wait * (0.75 + Math.random() * 0.25));
    delay = Math.min(delay * 2, maxDelay);
  }
  throw new ConfigurationError(
    `Health check failed: ${url} did not answer 2xx within ${formatDuration(options.timeoutMs)} (${attempts} attempts). Last answer: ${lastAnswer ?? last}. ` +
      'The deployment itself succeeded on Scalingo; check the app logs, that the path exists and answers 2xx without authentication, or raise `health-check-timeout` if the app warms up slowly.',
  );
}

function excerpt(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (text === '') return '';
  return `, body: ${text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text}`;
}
