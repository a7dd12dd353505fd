// The clients every action builds from its inputs, built in one place so timeouts, retries and the
// proxy are the same everywhere.
import { GitHubClient } from '../github/client.ts';
import { ScalingoClient } from '../scalingo/client.ts';
import { SentryClient } from '../sentry/client.ts';
import type { SentryParams } from '../sentry/params.ts';
import type { RunContext } from '../shared/context.ts';
import type { Logger } from '../shared/logger.ts';
import { isLoopbackHost } from '../shared/network.ts';
import type { ScalingoSettings } from '../shared/scalingo-settings.ts';

/**
 * How many milliseconds "one second" lasts in the waits a client paces itself with (rate-limit waits,
 * backoff, the second between two GitHub writes). Always 1000, except for a service on this machine
 * (the e2e tests' doubles) when SCALINGO_ACTIONS_TEST_SECOND_MS asks for less: a real GitHub or
 * Sentry is never written to faster than GitHub's one write a second.
 */
export function secondMsFor(serviceUrl: string, env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.SCALINGO_ACTIONS_TEST_SECOND_MS);
  if (!(asked > 0 && asked < 1000)) return 1000;
  try {
    return isLoopbackHost(new URL(serviceUrl).hostname) ? asked : 1000;
  } catch {
    return 1000;
  }
}

/**
 * `maxWaitMs`: how long a GitHub rate-limit wait may last before the step fails saying when the
 * limit resets; the step's own time budget when it has one (a deploy's `timeout`).
 */
export function githubClient(token: string, context: RunContext, logger: Logger, maxWaitMs?: number): GitHubClient {
  const secondMs = secondMsFor(context.apiUrl);
  return new GitHubClient({
    token,
    apiUrl: context.apiUrl,
    graphqlUrl: context.graphqlUrl,
    owner: context.owner,
    repo: context.repo,
    logger,
    ...(maxWaitMs === undefined ? {} : { maxWaitMs }),
    ...(secondMs === 1000 ? {} : { retry: { baseDelayMs: secondMs } }),
  });
}

export function scalingoClient(settings: ScalingoSettings, logger: Logger): ScalingoClient {
  return new ScalingoClient({ ...settings, logger });
}

export function sentryClient(params: SentryParams, logger: Logger, signal?: AbortSignal): SentryClient {
  return new SentryClient({
    baseUrl: params.baseUrl,
    org: params.org,
    token: params.token,
    logger,
    secondMs: secondMsFor(params.baseUrl),
    ...(signal ? { signal } : {}),
  });
}
