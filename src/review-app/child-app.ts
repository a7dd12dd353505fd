// `mode: child-app`: the review app of a pull request is a child of the parent app that this action
// creates, provisions, configures and deploys itself, then deletes when the pull request closes.
import { deployCommit, DeployFailedError } from '../deploy/deploy.ts';
import { ScalingoApiError } from '../scalingo/errors.ts';
import type { App } from '../scalingo/types.ts';
import { ConfigurationError, inputError } from '../shared/errors.ts';
import { provisionAddons, resolveAddons, type ResolvedAddon } from './addons.ts';
import { environmentOf } from './environment.ts';
import type { PullRequestEvent } from './event.ts';
import { pullRequestOfName, reviewAppName } from './naming.ts';
import type { ReviewAppDeps, ReviewAppParams, ReviewAppResult } from './params.ts';
import { seedOnce } from './seed.ts';
import { applyVariables, renderEnv } from './variables.ts';

function unknownParent(error: unknown, parent: string): unknown {
  if (!(error instanceof ScalingoApiError && error.kind === 'not-found')) return error;
  return inputError(
    'parent-app',
    `Scalingo has no app named '${parent}' (or the token cannot see it)`,
    'Give the app review apps are made from, e.g. my-app-staging.',
  );
}

/** The parent app, or an input error naming `parent-app`. */
export async function readParent(deps: ReviewAppDeps, parent: string): Promise<App> {
  try {
    return await deps.scalingo.apps.get(parent);
  } catch (error) {
    throw unknownParent(error, parent);
  }
}

/** The review apps this action made for `parent`, found by their names; an unknown parent is an input error. */
export async function reviewAppsOf(deps: ReviewAppDeps, parent: string): Promise<{ app: App; pullRequest: number }[]> {
  try {
    return (await deps.scalingo.childApps.list(parent)).flatMap((app) => {
      const pullRequest = pullRequestOfName(parent, app.name);
      return pullRequest === undefined ? [] : [{ app, pullRequest }];
    });
  } catch (error) {
    throw unknownParent(error, parent);
  }
}

/**
 * Creates or updates the review app, deploys the pull request's head, seeds it on its first deploy.
 * An update reads three things before it deploys (child apps, addons, variables) and changes only
 * what differs: a push costs a handful of requests.
 */
export async function upChildApp(
  deps: ReviewAppDeps,
  params: ReviewAppParams,
  pr: PullRequestEvent,
  progress: (update: Partial<ReviewAppResult> & { status: string }) => Promise<void>,
): Promise<ReviewAppResult> {
  const parent = params.parentApp;
  const name = reviewAppName(parent, pr.number);
  const existing = await reviewAppsOf(deps, parent);
  let app = existing.find((r) => r.app.name === name)?.app;
  const action = app ? 'updated' : 'created';
  // A new app's addons are checked against the catalogue before the app exists: a bad plan creates nothing.
  const resolved = app ? undefined : await resolveAddons(deps.scalingo.addonCatalog, params.addons);
  if (!app) {
    if (existing.length >= params.maxReviewApps) {
      const open = existing.map((r) => `${r.app.name} (#${r.pullRequest})`).join(', ');
      const refused = new ConfigurationError(
        `Input 'max-review-apps': ${parent} already has ${existing.length} review apps (${open}), the most allowed. ` +
          'Close or merge a pull request (its review app goes with it), run the scheduled cleanup, or raise `max-review-apps`.',
      );
      const result: ReviewAppResult = {
        action: 'skipped',
        app: name,
        sha: pr.headSha,
        addons: [],
        seed: [],
        notes: [],
      };
      throw Object.assign(refused, { result, status: 'not created' });
    }
    deps.logger.info(`Creating the review app ${name}, a child app of ${parent}.`);
    app = await deps.scalingo.childApps.create(parent, name);
  }
  const result: ReviewAppResult = {
    action,
    app: app.name,
    appUrl: app.url,
    sha: pr.headSha,
    addons: [],
    seed: [],
    notes: [],
  };
  await progress({ ...result, status: `deploying ${pr.headSha.slice(0, 7)}` });

  try {
    await bringUp(deps, params, pr, { app, created: action === 'created', resolved }, result);
    return result;
  } catch (error) {
    // The review app exists: whatever failed, the comment and summary say how far it got.
    if (error instanceof DeployFailedError) {
      Object.assign(result, { deploymentId: error.result.deployment.id, status: error.result.status });
    }
    result.seed = (error as { lines?: string[] }).lines ?? result.seed;
    throw Object.assign(error as Error, { result });
  }
}

/** Addons running, variables applied, the head deployed, the first deploy seeded: into `result` as it goes. */
async function bringUp(
  deps: ReviewAppDeps,
  params: ReviewAppParams,
  pr: PullRequestEvent,
  target: { app: App; created: boolean; resolved: ResolvedAddon[] | undefined },
  result: ReviewAppResult,
): Promise<void> {
  const { app, resolved } = target;
  const addons = await provisionAddons(deps.scalingo, deps.logger, app.name, params.addons, {
    timeoutMs: params.addonTimeoutMs,
    ...(resolved ? { resolved } : {}),
    ...(params.pollIntervalMs ? { intervalMs: params.pollIntervalMs } : {}),
  });
  result.addons = addons.addons;
  const variables = await applyVariables(deps.scalingo, deps.logger, {
    app: app.name,
    parent: params.parentApp,
    set: renderEnv(params.env, { name: app.name, url: app.url, pullRequest: pr.number }),
    unset: params.unsetEnv,
    isolate: target.created || addons.provisioned.length > 0,
  });
  if (variables.isolated.length > 0) {
    result.notes.push(`Pointed ${variables.isolated.join(', ')} away from ${params.parentApp}'s data.`);
  }
  const deployed = await deployCommit(deps, {
    app: app.name,
    sha: pr.headSha,
    source: { mode: 'archive' },
    timeoutMs: params.timeoutMs,
    environment: environmentOf(pr.number),
    githubDeployment: true,
    transientEnvironment: true,
    description: `Review app of #${pr.number}: ${pr.headSha.slice(0, 7)} on ${app.name}`,
    healthCheck: params.healthCheck,
    ...(params.pollIntervalMs ? { pollIntervalMs: params.pollIntervalMs } : {}),
  });
  Object.assign(result, { deploymentId: deployed.deployment.id, status: deployed.status, appUrl: deployed.appUrl });
  result.seed = await seedOnce(deps, {
    app: app.name,
    parent: params.parentApp,
    sha: pr.headSha,
    seed: params.seed,
    database: params.database,
    variables: variables.before,
  });
}
