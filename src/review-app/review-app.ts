// One review-app run: a pull request opened or pushed to gets its review app created or updated and
// its head deployed; a closed one gets it deleted; a scheduled run cleans up. Forks and bots are
// turned away before anything is read with the token. The pull request's comment tells each step.
import { runUrl } from '../shared/context.ts';
import { ConfigurationError, firstLine } from '../shared/errors.ts';
import { cleanUpReviewApps, type CleanedApp } from './cleanup.ts';
import { readParent, upChildApp } from './child-app.ts';
import { renderComment, upsertComment, type ReviewAppCard } from './comment.ts';
import { deactivateEnvironment, environmentOf } from './environment.ts';
import { pullRequestOfState, readPullRequestEvent, type PullRequestEvent } from './event.ts';
import { upIntegration } from './integration.ts';
import { reviewAppName } from './naming.ts';
import type { ReviewAppDeps, ReviewAppParams, ReviewAppResult } from './params.ts';

export interface ReviewAppOutcome {
  result: ReviewAppResult;
  cleaned?: CleanedApp[];
  error?: unknown;
}

const nothing = (notes: string[]): ReviewAppResult => ({ action: 'skipped', addons: [], seed: [], notes });

/**
 * `error` says why the step must fail, after the outputs and summary are written; it throws only
 * when the run has nothing to work on (no pull request, and no cleanup asked).
 */
export async function runReviewApp(deps: ReviewAppDeps, params: ReviewAppParams): Promise<ReviewAppOutcome> {
  const pr = await pullRequestOf(deps, params);
  if (!pr) {
    if (params.cleanup) return { result: nothing([]), cleaned: await cleanUpReviewApps(deps, params) };
    throw new ConfigurationError(
      `Input 'pr-number': this run has no pull request (event '${deps.context.eventName || 'unknown'}'). Run the review-app action on \`pull_request\` events (opened, synchronize, reopened, closed), give \`pr-number\` on another event, or set \`cleanup: true\` on a \`schedule\`.`,
    );
  }
  const turnedAway = refusal(params, pr);
  if (turnedAway) return turnedAway;
  if (pr.action === 'ignore') return { result: nothing([`Nothing to do on a '${pr.on}' event of #${pr.number}.`]) };

  const card = (result: Partial<ReviewAppResult>, status: string, problem?: string): ReviewAppCard => ({
    app: result.app ?? reviewAppName(params.parentApp, pr.number),
    ...(result.appUrl ? { url: result.appUrl } : {}),
    ...(result.sha ? { sha: result.sha } : {}),
    repoUrl: `${deps.context.serverUrl}/${deps.context.owner}/${deps.context.repo}`,
    status,
    seed: result.seed ?? [],
    ...(problem ? { problem } : {}),
    updatedAt: new Date(),
    runUrl: runUrl(deps.context),
  });
  let commentUrl: string | undefined;
  const comment = async (result: Partial<ReviewAppResult>, status: string, problem?: string) => {
    if (params.comment)
      commentUrl =
        (await upsertComment(deps.github, deps.logger, pr.number, renderComment(card(result, status, problem)))) ??
        commentUrl;
  };

  if (pr.action === 'down') {
    const result = await down(deps, params, pr);
    await comment(result, result.action === 'deleted' ? 'deleted' : 'nothing to delete');
    return { result: { ...result, ...(commentUrl ? { commentUrl } : {}) } };
  }
  const up = params.mode === 'integration' ? upIntegration : upChildApp;
  try {
    const result = await up(deps, params, pr, (update) => comment(update, update.status));
    await comment(result, `deployed ${pr.headSha.slice(0, 7)}`);
    return { result: { ...result, ...(commentUrl ? { commentUrl } : {}) } };
  } catch (error) {
    // Only a review app that exists (or was refused) gets a comment: bad input changes nothing.
    const { result: partial, status = 'failed' } = error as { result?: ReviewAppResult; status?: string };
    if (partial) await comment(partial, status, firstLine(error));
    return { result: { ...(partial ?? nothing([])), ...(commentUrl ? { commentUrl } : {}) }, error };
  }
}

async function pullRequestOf(deps: ReviewAppDeps, params: ReviewAppParams): Promise<PullRequestEvent | undefined> {
  const fromEvent = readPullRequestEvent(deps.context);
  const pr =
    fromEvent ??
    (params.pullRequest === undefined
      ? undefined
      : pullRequestOfState(await deps.github.pullRequestState(params.pullRequest)));
  if (pr && pr.action === 'up' && !/^[0-9a-f]{40}$/.test(pr.headSha)) {
    throw new ConfigurationError(
      `The ${fromEvent ? 'pull_request event' : 'GitHub API'} gave no head commit SHA for #${pr.number} (got '${pr.headSha}'): nothing can be deployed. Re-run the workflow; if it persists, check the event that triggered it.`,
    );
  }
  return pr;
}

function refusal(params: ReviewAppParams, pr: PullRequestEvent): ReviewAppOutcome | undefined {
  if (pr.byBot && params.skipBots) {
    return { result: nothing([`Skipped: #${pr.number} is by ${pr.author} (skip-bots: true).`]) };
  }
  if (pr.fromFork && !params.allowForks && pr.action !== 'down') {
    return {
      result: nothing([]),
      error: new ConfigurationError(
        `Refused: #${pr.number} comes from a fork. A review app runs its code with the parent's variables (its secrets), so it would serve code nobody here reviewed. ` +
          'To allow it, run the workflow on `pull_request_target` with `allow-forks: true` behind a label that a maintainer adds after reading the change (see the README).',
      ),
    };
  }
  return undefined;
}

async function down(deps: ReviewAppDeps, params: ReviewAppParams, pr: PullRequestEvent): Promise<ReviewAppResult> {
  await readParent(deps, params.parentApp);
  const name =
    params.mode === 'integration'
      ? (await deps.scalingo.scmRepoLink.reviewApps(params.parentApp)).find((r) => r.pull_request.number === pr.number)
          ?.app_name
      : reviewAppName(params.parentApp, pr.number);
  const deleted = name ? await deps.scalingo.childApps.delete(name) : false;
  await deactivateEnvironment(deps.github, deps.logger, environmentOf(pr.number));
  const notes = deleted ? [] : [`Nothing to delete: the review app of #${pr.number} is gone already.`];
  deps.logger.info(deleted ? `Deleted the review app ${name} of #${pr.number}.` : notes[0]!);
  return { action: deleted ? 'deleted' : 'skipped', ...(name ? { app: name } : {}), addons: [], seed: [], notes };
}
