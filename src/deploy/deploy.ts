// deployCommit: one exact commit to one app, to the verdict. Reads and checks first, then waits for
// any running deployment, records the GitHub Deployment, creates ours once and follows it; after a
// success, the post-deploy commands and the health check. Each step is exported for deploy-production.
import type { GitHubClient } from '../github/client.ts';
import type { ScalingoApi } from '../scalingo/api.ts';
import type { App, Deployment } from '../scalingo/types.ts';
import { runUrl, type RunContext } from '../shared/context.ts';
import { formatDuration } from '../shared/duration.ts';
import { ConfigurationError, firstLine } from '../shared/errors.ts';
import { throwIfCancelled, type RunLifecycle } from '../shared/lifecycle.ts';
import type { Logger } from '../shared/logger.ts';
import { GITHUB_DEPLOYMENT_STATE, SCALINGO_DEPLOYMENT_STATE } from './cancel.ts';
import { cancelledMessage, failureMessage, timeoutMessage } from './failure-messages.ts';
import { followDeployment, MIN_POLL_INTERVAL_MS } from './follow.ts';
import { noDeploymentRecord, recordGitHubDeployment, type DeploymentRecord } from './github-deployment.ts';
import { checkHealth } from './health-check.ts';
import { describePostDeployFailure, runPostDeploy } from '../post-deploy/run-commands.ts';
import { DeployFailedError } from './deploy-error.ts';
import type { DeployPhase, DeployResult } from './result.ts';
import { runtimeLogTail } from './runtime-logs.ts';
import { prepareSource, type PreparedSource, type SourceSpec } from './source.ts';
import { waitForRunningDeployments } from './wait-running.ts';
import { checkRequiredEnv } from '../variables/require-env.ts';
import type { RequiredName } from '../variables/required.ts';

export { DeployFailedError } from './deploy-error.ts';
export type { DeployPhase, DeployResult } from './result.ts';

export type DeployGitHub = Pick<GitHubClient, 'tarballUrl' | 'createDeployment' | 'createDeploymentStatus'>;

export interface DeployDeps {
  scalingo: ScalingoApi;
  github: DeployGitHub;
  logger: Logger;
  context: RunContext;
  /** For the health check; global fetch by default. */
  fetch?: typeof fetch;
  /** The job's cancellation, and what a `post:` step needs to clean up after it. */
  lifecycle?: RunLifecycle;
}

export interface PostDeployParams {
  commands: readonly string[];
  size?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** One one-off container per command instead of one for the step. */
  isolate?: boolean;
}

export interface DeployParams {
  app: string;
  /** The full commit SHA: Scalingo's git_ref and the GitHub Deployment's ref. */
  sha: string;
  source: SourceSpec;
  /** Budget for waiting on a running deployment plus ours (default 30 min, Scalingo's build limit). */
  timeoutMs: number;
  environment: string;
  githubDeployment: boolean;
  productionEnvironment?: boolean;
  /** A review app's environment, gone with its pull request. */
  transientEnvironment?: boolean;
  description?: string;
  healthCheck?: { target: string; timeoutMs: number } | undefined;
  postDeploy?: PostDeployParams | undefined;
  /** Safety-net poll; never below 10 s against the real API (tests may go lower). */
  pollIntervalMs?: number;
  /** A GitHub Deployment already recorded for this deploy (a production release claims it early). */
  githubRecord?: DeploymentRecord;
  /** Variables the app must have: checked (a GET) before anything changes. */
  requireEnv?: readonly RequiredName[];
  hooks?: DeployHooks;
}

/** What a production release does around the post-deploy commands (its maintenance window). */
export interface DeployHooks {
  /** Before the first post-deploy command; a throw fails the deploy in the post-deploy phase. */
  beforePostDeploy?(): Promise<void>;
  /** After the post-deploy commands succeeded (or there were none), before the health check; must not throw. */
  beforeHealthCheck?(): Promise<void>;
}

export async function deployCommit(deps: DeployDeps, params: DeployParams): Promise<DeployResult> {
  const deadline = Date.now() + params.timeoutMs;
  const pollIntervalMs = params.pollIntervalMs ?? MIN_POLL_INTERVAL_MS;
  // Reads and local work only, up to the wait: a wrong app, a missing link or an unreadable path
  // stops here with nothing changed.
  const app = await deps.scalingo.apps.get(params.app);
  await checkRequiredEnv(deps, params.app, params.requireEnv ?? []);
  const prepared = await prepareSource(deps, params);
  let record: DeploymentRecord = params.githubRecord ?? noDeploymentRecord;
  try {
    const waitedFor = await waitForRunningDeployments(deps, {
      app: params.app,
      streamUrl: app.links?.deployments_stream,
      deadline,
      pollIntervalMs,
      timeoutText: formatDuration(params.timeoutMs),
      ...(deps.lifecycle ? { signal: deps.lifecycle.signal } : {}),
    });
    if (params.githubDeployment && !params.githubRecord) {
      record = await recordGitHubDeployment(deps, {
        sha: params.sha,
        environment: params.environment,
        description: params.description ?? `Deploy ${params.sha.slice(0, 7)} to Scalingo app ${params.app}`,
        productionEnvironment: params.productionEnvironment ?? false,
        ...(params.transientEnvironment ? { transientEnvironment: true } : {}),
        logUrl: runUrl(deps.context),
      });
    }
    if (record.id !== null) deps.lifecycle?.remember(GITHUB_DEPLOYMENT_STATE, String(record.id));
    throwIfCancelled(deps.lifecycle);
    if (Date.now() >= deadline) {
      // Requests waited out (a rate limit shared with other jobs) can outlast a short timeout.
      throw new ConfigurationError(
        `The deploy's timeout of ${formatDuration(params.timeoutMs)} passed before the deployment could be created (Scalingo kept the requests waiting), so nothing was deployed. Run the job again, or raise \`timeout\`.`,
      );
    }
    return await deployAndCheck(deps, params, { app, prepared, record, waitedFor, deadline, pollIntervalMs });
  } catch (error) {
    // However the deploy stopped (a service failing, a bug), GitHub must not show it in progress.
    if (!(error instanceof DeployFailedError)) {
      await record.update('error', { description: `The deploy stopped: ${firstLine(error)}` });
    }
    throw error;
  } finally {
    await prepared.dispose();
  }
}

interface Started {
  app: App;
  prepared: PreparedSource;
  record: DeploymentRecord;
  waitedFor: Deployment[];
  deadline: number;
  pollIntervalMs: number;
}

/** Creates the deployment, follows it to the verdict, then runs the post-deploy commands and the health check. */
async function deployAndCheck(deps: DeployDeps, params: DeployParams, started: Started): Promise<DeployResult> {
  const { scalingo, logger } = deps;
  const { app, record } = started;
  const created = await started.prepared.start();
  deps.lifecycle?.remember(SCALINGO_DEPLOYMENT_STATE, `${params.app} ${created.id}`);
  const createdAt = Date.now();
  logger.info(`Scalingo deployment ${created.id} created for ${params.app} (status ${created.status}).`);

  const followed = await logger.group(`Build log of deployment ${created.id}`, () =>
    followDeployment(deps, {
      app: params.app,
      deploymentId: created.id,
      streamUrl: app.links?.deployments_stream,
      deadline: started.deadline,
      pollIntervalMs: started.pollIntervalMs,
      // A manual deploy's git_ref is checked against what Scalingo says once it is done.
      ...(params.source.mode === 'integration' ? {} : { known: created }),
      ...(deps.lifecycle ? { signal: deps.lifecycle.signal } : {}),
    }),
  );
  const deployment = followed.deployment;
  const gitRef = deployment.git_ref ?? created.git_ref ?? params.sha;
  const result: DeployResult = {
    app: params.app,
    sha: params.sha,
    deployment,
    status: followed.status,
    appUrl: app.url,
    gitRef,
    durationMs: deployment.duration ? deployment.duration * 1000 : Date.now() - createdAt,
    logTail: followed.log.tail(50),
    githubDeploymentId: record.id,
    waitedFor: started.waitedFor,
  };
  const fail = async (phase: DeployPhase, explanation: string, tail?: readonly string[]): Promise<never> => {
    const description =
      phase === 'cancelled'
        ? `Cancelled; Scalingo deployment ${created.id} may still be running`
        : firstLine(explanation);
    await record.update(phase === 'timeout' || phase === 'cancelled' ? 'error' : 'failure', {
      environmentUrl: app.url,
      description,
    });
    throw new DeployFailedError(phase, explanation, result, tail);
  };

  const timeoutText = formatDuration(params.timeoutMs);
  if (followed.cancelled) {
    return fail('cancelled', cancelledMessage(params.app, created.id, followed.status, params), result.logTail);
  }
  if (followed.timedOut) {
    return fail('timeout', timeoutMessage(params.app, created.id, followed.status, timeoutText), result.logTail);
  }
  if (followed.status !== 'success') {
    const runtimeLogs = await runtimeLogTail(deps, params.app, followed.status);
    if (runtimeLogs) result.runtimeLogs = runtimeLogs;
    return fail('deployment', failureMessage(params.app, created.id, followed.status), result.logTail);
  }
  if (
    params.source.mode === 'integration' &&
    params.source.expectSha &&
    deployment.git_ref &&
    deployment.git_ref !== params.sha
  ) {
    return fail(
      'deployment',
      `Scalingo deployed ${deployment.git_ref} (the head of the linked branch), not the requested ${params.sha}. ` +
        'The app now runs that other commit. Deploy the exact commit with `source: archive`, or push the commit to the linked branch first.',
    );
  }
  logger.info(`Deployment ${created.id} succeeded: ${params.app} runs ${gitRef} at ${app.url}.`);

  if (params.postDeploy && params.postDeploy.commands.length > 0) {
    try {
      await params.hooks?.beforePostDeploy?.();
    } catch (error) {
      return fail(
        'post-deploy',
        `The deployment succeeded, but the post-deploy commands were not started: ${(error as Error).message}`,
      );
    }
    result.postDeploy = await runPostDeploy({
      scalingo,
      app: params.app,
      logger,
      ...params.postDeploy,
      ...(deps.lifecycle ? { lifecycle: deps.lifecycle } : {}),
    });
    if (deps.lifecycle?.signal.aborted) {
      return fail(
        'cancelled',
        `The job was cancelled during the post-deploy commands: deployment ${created.id} succeeded and ${params.app} runs ${gitRef}. ` +
          `${describePostDeployFailure(result.postDeploy) ?? ''} The health check was not run.`,
      );
    }
    const problem = describePostDeployFailure(result.postDeploy);
    if (problem) return fail('post-deploy', `The deployment succeeded, but a post-deploy command failed. ${problem}`);
  }
  await params.hooks?.beforeHealthCheck?.();
  if (params.healthCheck) {
    try {
      result.healthCheck = await checkHealth(deps, { ...params.healthCheck, appUrl: app.url });
    } catch (error) {
      return fail('health-check', (error as Error).message);
    }
  }
  await record.update('success', { environmentUrl: app.url, description: `Deployed ${gitRef.slice(0, 7)}` });
  return result;
}
