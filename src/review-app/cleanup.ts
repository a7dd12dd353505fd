// `cleanup: true` on a scheduled run: review apps cost by the minute (wave-2 facts §15.4), so those of
// closed pull requests and those idle longer than `max-age` (no deployment since) are deleted.
import { formatDuration } from '../shared/duration.ts';
import { reviewAppsOf } from './child-app.ts';
import { deactivateEnvironment, environmentOf } from './environment.ts';
import type { ReviewAppDeps, ReviewAppParams } from './params.ts';

export interface CleanedApp {
  app: string;
  pullRequest: number;
  why: string;
}

export async function cleanUpReviewApps(deps: ReviewAppDeps, params: ReviewAppParams): Promise<CleanedApp[]> {
  const candidates =
    params.mode === 'integration'
      ? (await deps.scalingo.scmRepoLink.reviewApps(params.parentApp)).map((r) => ({
          name: r.app_name,
          pullRequest: r.pull_request.number,
        }))
      : (await reviewAppsOf(deps, params.parentApp)).map((r) => ({ name: r.app.name, pullRequest: r.pullRequest }));
  const cleaned: CleanedApp[] = [];
  for (const { name, pullRequest } of candidates) {
    const why = await reasonToDelete(deps, params, name, pullRequest);
    if (!why) continue;
    deps.logger.info(`Deleting the review app ${name} of #${pullRequest}: ${why}.`);
    if (await deps.scalingo.childApps.delete(name)) cleaned.push({ app: name, pullRequest, why });
    await deactivateEnvironment(deps.github, deps.logger, environmentOf(pullRequest));
  }
  return cleaned;
}

async function reasonToDelete(
  deps: ReviewAppDeps,
  params: ReviewAppParams,
  app: string,
  pullRequest: number,
): Promise<string | undefined> {
  const pr = await deps.github.pullRequestState(pullRequest).catch(() => undefined);
  if (pr?.state === 'closed') return pr.merged ? 'its pull request was merged' : 'its pull request was closed';
  const [last] = (await deps.scalingo.deployments.list(app, { page: 1, perPage: 1 })).deployments;
  const since = last ? Date.parse(last.created_at) : NaN;
  if (Number.isFinite(since) && Date.now() - since > params.maxAgeMs) {
    return `no deployment for ${formatDuration(Date.now() - since)} (max-age ${formatDuration(params.maxAgeMs)})`;
  }
  return undefined;
}
