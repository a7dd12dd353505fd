// Follows one deployment to its terminal status: the WebSocket stream carries the news, a poll is
// the safety net, and whichever learns of a terminal status first ends the wait at once. Scalingo
// allows 60 requests a minute per token, shared by every job using it: the poll runs every 10 s
// while the stream is down, every 30 s while it delivers frames (the first one too), and a verdict
// the stream gave costs no read of the deployment when its creation answer already said the rest.
import type { DeploymentStream, ScalingoApi } from '../scalingo/api.ts';
import { ScalingoApiError } from '../scalingo/errors.ts';
import { isDeploymentFinished } from '../scalingo/types.ts';
import type { Deployment, DeploymentStatus } from '../scalingo/types.ts';
import type { Logger } from '../shared/logger.ts';
import { BuildLog } from './build-log.ts';

export const MIN_POLL_INTERVAL_MS = 10_000;
/** How much slower the poll runs while the stream is delivering frames. */
const LIVE_STREAM_POLL_FACTOR = 3;

export interface FollowDeps {
  scalingo: Pick<ScalingoApi, 'deployments' | 'deploymentStream'>;
  logger: Logger;
}

export interface FollowOptions {
  app: string;
  deploymentId: string;
  /** app.links.deployments_stream; without it only the poll runs. */
  streamUrl?: string | undefined;
  /** Epoch ms after which we stop waiting (the deployment keeps running on Scalingo). */
  deadline: number;
  pollIntervalMs?: number;
  /** Print build log lines as they come (false when only waiting for someone else's deployment). */
  printLogs?: boolean;
  /** The job's cancellation: the wait ends at once, the deployment goes on on Scalingo. */
  signal?: AbortSignal;
  /**
   * What Scalingo already said of the deployment (its creation answer, a list entry): with a
   * `git_ref`, a verdict from the stream is final without reading the deployment again.
   */
  known?: Deployment;
}

export interface FollowResult {
  deployment: Deployment;
  status: DeploymentStatus;
  timedOut: boolean;
  /** The job was cancelled while following: the deployment may still be running. */
  cancelled: boolean;
  log: BuildLog;
}

type Verdict =
  | { kind: 'terminal'; status: DeploymentStatus; from: 'stream' | 'poll' }
  | { kind: 'timeout' }
  | { kind: 'cancelled' }
  | { kind: 'broken'; error: unknown };

export async function followDeployment(deps: FollowDeps, options: FollowOptions): Promise<FollowResult> {
  const { scalingo, logger } = deps;
  const { app, deploymentId } = options;
  const interval = options.pollIntervalMs ?? MIN_POLL_INTERVAL_MS;
  const log = new BuildLog(options.printLogs === false ? () => {} : (line) => logger.info(line));
  let latest: Deployment | undefined;
  let streamStatus: DeploymentStatus | undefined;
  let streamGap = false;
  let stream: DeploymentStream | undefined;
  // True from the first frame after a (re)connection until the next drop.
  let streamLive = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let pollDue = 0;
  let polling = false;
  let lastPoll = Date.now();
  let deadlineTimer: NodeJS.Timeout | undefined;
  // Cuts a poll still waiting (or retrying) once the verdict is known.
  const polls = new AbortController();

  const verdict = await new Promise<Verdict>((resolve) => {
    let settled = false;
    const settle = (v: Verdict) => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
    const schedulePoll = (delay: number) => {
      clearTimeout(pollTimer);
      pollDue = Date.now() + delay;
      pollTimer = setTimeout(poll, delay);
    };
    if (options.streamUrl) {
      stream = scalingo.deploymentStream.open(options.streamUrl, {
        onEvent(event) {
          streamLive = true;
          if (event.type === 'ping' || event.deploymentId !== deploymentId) return;
          if (event.type === 'log') log.add(event.content);
          if (event.type === 'status') {
            streamStatus = event.status;
            if (isDeploymentFinished(event.status)) settle({ kind: 'terminal', status: event.status, from: 'stream' });
          }
        },
        onDisconnect(reason) {
          // Lines sent while we were away are only in /output; the replay after reconnecting is skipped.
          streamGap = true;
          streamLive = false;
          log.expectReplay();
          if (!settled && !polling && pollDue - Date.now() > interval) schedulePoll(interval);
          logger.debug(`Deployment stream dropped (${reason}); reconnecting, polling continues.`);
        },
      });
    }
    async function poll(): Promise<void> {
      // The stream is delivering: this poll can wait until the slower pace is due.
      const liveGap = interval * LIVE_STREAM_POLL_FACTOR;
      if (streamLive && Date.now() - lastPoll < liveGap) return schedulePoll(lastPoll + liveGap - Date.now());
      lastPoll = Date.now();
      polling = true;
      try {
        latest = await scalingo.deployments.get(app, deploymentId, { signal: polls.signal });
        if (isDeploymentFinished(latest.status))
          return settle({ kind: 'terminal', status: latest.status, from: 'poll' });
      } catch (error) {
        // Answers that stay malformed after the client's retries: Scalingo is failing, not slow.
        if (error instanceof ScalingoApiError && error.kind === 'malformed') return settle({ kind: 'broken', error });
        logger.debug(`Polling deployment ${deploymentId} failed: ${(error as Error).message}`);
      } finally {
        polling = false;
      }
      if (!settled) schedulePoll(streamLive ? interval * LIVE_STREAM_POLL_FACTOR : interval);
    }
    schedulePoll(options.streamUrl ? interval : 0);
    deadlineTimer = setTimeout(() => settle({ kind: 'timeout' }), Math.max(0, options.deadline - Date.now()));
    if (options.signal?.aborted) settle({ kind: 'cancelled' });
    options.signal?.addEventListener('abort', () => settle({ kind: 'cancelled' }), { once: true });
  });

  clearTimeout(pollTimer);
  clearTimeout(deadlineTimer);
  polls.abort();
  stream?.close();

  if (verdict.kind === 'broken') throw verdict.error;

  if (verdict.kind === 'timeout' || verdict.kind === 'cancelled') {
    const status = streamStatus ?? latest?.status ?? 'unknown';
    const deployment = latest ?? ({ id: deploymentId, status } as Deployment);
    const cancelled = verdict.kind === 'cancelled';
    return { deployment: { ...deployment, status }, status, timedOut: !cancelled, cancelled, log };
  }

  // A poll's verdict came with the deployment; the stream's needs what the creation answer said.
  let deployment = verdict.from === 'poll' ? latest : options.known?.git_ref ? (latest ?? options.known) : undefined;
  if (!deployment) {
    // The verdict is already known: a failed read only costs the details (finished_at, git_ref).
    deployment = await scalingo.deployments
      .get(app, deploymentId)
      .catch(() => latest ?? ({ id: deploymentId } as Deployment));
  }
  // The poll winning means the stream missed the end too: the log may lack its last lines.
  const incomplete = streamGap || verdict.from === 'poll' || log.lineCount === 0;
  if (options.printLogs !== false && incomplete) await fillFromOutput(deps, app, deployment, log);
  return {
    deployment: { ...deployment, status: verdict.status },
    status: verdict.status,
    timedOut: false,
    cancelled: false,
    log,
  };
}

async function fillFromOutput(deps: FollowDeps, app: string, deployment: Deployment, log: BuildLog): Promise<void> {
  try {
    log.reconcile(await deps.scalingo.deployments.output(app, deployment));
  } catch (error) {
    deps.logger.debug(`Could not read the build log of ${deployment.id}: ${(error as Error).message}`);
  }
}
