// `mode: integration`: the parent's repository is linked to Scalingo, which makes the review app
// itself (wave-2 facts §15). The request only asks; the app appears in the review-apps list later,
// and whether Scalingo deploys new pushes to a manually created one is unconfirmed: the action waits
// for a deployment of the head commit, and deploys it itself when none comes.
import { deployCommit, DeployFailedError } from '../deploy/deploy.ts';
import { failureMessage } from '../deploy/failure-messages.ts';
import { followDeployment } from '../deploy/follow.ts';
import { recordGitHubDeployment } from '../deploy/github-deployment.ts';
import type { ReviewApp } from '../scalingo/types.ts';
import { sleep } from '../shared/async.ts';
import { runUrl } from '../shared/context.ts';
import { ConfigurationError } from '../shared/errors.ts';
import { readParent } from './child-app.ts';
import { environmentOf } from './environment.ts';
import type { PullRequestEvent } from './event.ts';
import type { ReviewAppDeps, ReviewAppParams, ReviewAppResult } from './params.ts';
import { seedOnce } from './seed.ts';

/**
 * How long a push may take to show up as Scalingo's deployment before the action deploys it itself:
 * two minutes, or a quarter of `timeout` when that is shorter, so the deploy still has time.
 */
const autoDeployWaitMs = (timeoutMs: number) => Math.min(2 * 60_000, timeoutMs / 4);

async function findReviewApp(deps: ReviewAppDeps, parent: string, number: number): Promise<ReviewApp | undefined> {
  return (await deps.scalingo.scmRepoLink.reviewApps(parent)).find((r) => r.pull_request.number === number);
}

/** Polls `look` every interval until it answers or the deadline passes. */
async function until<T>(
  look: () => Promise<T | undefined>,
  deadline: number,
  intervalMs: number,
): Promise<T | undefined> {
  for (;;) {
    const found = await look();
    if (found !== undefined || Date.now() + intervalMs > deadline) return found;
    await sleep(intervalMs);
  }
}

export async function upIntegration(
  deps: ReviewAppDeps,
  params: ReviewAppParams,
  pr: PullRequestEvent,
  progress: (update: Partial<ReviewAppResult> & { status: string }) => Promise<void>,
): Promise<ReviewAppResult> {
  const parent = await readParent(deps, params.parentApp);
  if (!(await deps.scalingo.scmRepoLink.get(parent.name))) {
    throw new ConfigurationError(
      `Input 'mode': integration needs a repository linked to ${parent.name}, and it has none. Link it (Deploy > Configuration in the dashboard, or \`scalingo integration-link-create\`), or use \`mode: child-app\`.`,
    );
  }
  const interval = params.pollIntervalMs ?? 5000;
  const deadline = Date.now() + params.timeoutMs;
  let reviewApp = await findReviewApp(deps, parent.name, pr.number);
  const action = reviewApp ? 'updated' : 'created';
  if (!reviewApp) {
    deps.logger.info(`Asking Scalingo for the review app of #${pr.number} of ${parent.name}.`);
    try {
      await deps.scalingo.scmRepoLink.manualReviewApp(parent.name, pr.number);
    } catch (error) {
      // A lost answer, or one already asked for by another run: the list tells.
      if (!(await findReviewApp(deps, parent.name, pr.number))) throw error;
    }
    reviewApp = await until(() => findReviewApp(deps, parent.name, pr.number), deadline, interval);
    if (!reviewApp) {
      throw new ConfigurationError(
        `Scalingo did not list a review app for #${pr.number} of ${parent.name} within \`timeout\`. Scalingo waits for the commit's checks to pass before it creates one: see the README for a workflow that does not wait on itself.`,
      );
    }
  }
  const name = reviewApp.app_name;
  const app = await deps.scalingo.apps.get(name);
  const result: ReviewAppResult = {
    action,
    app: name,
    appUrl: app.url,
    sha: pr.headSha,
    addons: [],
    seed: [],
    notes: [],
  };
  await progress({ ...result, status: `deploying ${pr.headSha.slice(0, 7)}` });

  const theirs = await until(
    async () =>
      (await deps.scalingo.deployments.list(name, { page: 1, perPage: 20 })).deployments.find(
        (d) => d.git_ref === pr.headSha,
      ),
    Math.min(deadline, Date.now() + autoDeployWaitMs(params.timeoutMs)),
    interval,
  );
  try {
    if (theirs) await followTheirs(deps, params, pr, name, app.url, theirs.id, deadline, result);
    else {
      result.notes.push(`Scalingo did not deploy ${pr.headSha.slice(0, 7)} by itself: this run deployed it.`);
      const deployed = await deployCommit(deps, {
        app: name,
        sha: pr.headSha,
        source: { mode: 'archive' },
        timeoutMs: Math.max(1000, deadline - Date.now()),
        environment: environmentOf(pr.number),
        githubDeployment: true,
        transientEnvironment: true,
        description: `Review app of #${pr.number}: ${pr.headSha.slice(0, 7)} on ${name}`,
        healthCheck: params.healthCheck,
        ...(params.pollIntervalMs ? { pollIntervalMs: params.pollIntervalMs } : {}),
      });
      Object.assign(result, { deploymentId: deployed.deployment.id, status: deployed.status });
    }
    result.seed = await seedOnce(deps, {
      app: name,
      parent: parent.name,
      sha: pr.headSha,
      seed: params.seed,
      database: params.database,
    });
  } catch (error) {
    if (error instanceof DeployFailedError)
      Object.assign(result, { deploymentId: error.result.deployment.id, status: error.result.status });
    result.seed = (error as { lines?: string[] }).lines ?? result.seed;
    throw Object.assign(error as Error, { result });
  }
  return result;
}

/** Follows the deployment Scalingo started, recording it on GitHub like one of ours. */
async function followTheirs(
  deps: ReviewAppDeps,
  params: ReviewAppParams,
  pr: PullRequestEvent,
  app: string,
  appUrl: string,
  deploymentId: string,
  deadline: number,
  result: ReviewAppResult,
): Promise<void> {
  const record = await recordGitHubDeployment(deps, {
    sha: pr.headSha,
    environment: environmentOf(pr.number),
    description: `Review app of #${pr.number}: ${pr.headSha.slice(0, 7)} on ${app}`,
    productionEnvironment: false,
    transientEnvironment: true,
    logUrl: runUrl(deps.context),
  });
  const streamUrl = (await deps.scalingo.apps.get(app)).links?.deployments_stream;
  const followed = await deps.logger.group(`Build log of deployment ${deploymentId}`, () =>
    followDeployment(deps, {
      app,
      deploymentId,
      streamUrl,
      deadline,
      ...(params.pollIntervalMs ? { pollIntervalMs: params.pollIntervalMs } : {}),
      ...(deps.lifecycle ? { signal: deps.lifecycle.signal } : {}),
    }),
  );
  Object.assign(result, { deploymentId, status: followed.status });
  if (followed.status !== 'success' || followed.timedOut || followed.cancelled) {
    await record.update('failure', { environmentUrl: appUrl, description: `Deployment ${followed.status}` });
    throw new ConfigurationError(failureMessage(app, deploymentId, followed.status));
  }
  await record.update('success', { environmentUrl: appUrl, description: `Deployed ${pr.headSha.slice(0, 7)}` });
}
