// Pull requests of a repo link and their review apps (api-facts-wave2 §15): a review app is a
// child app `<parent>-pr<N>` that copies the parent's variables, gets new empty addons of the
// parent's providers and plans, then deploys the PR's head once they run.
import { randomInt } from 'node:crypto';
import { copyAddons, copyVariables, deleteApp } from './apps-lifecycle.ts';
import type { SandboxCore } from './core.ts';
import { applyManifest, provisionManifestAddons, readManifest } from './manifest.ts';
import { addonsRunning } from './provisioning.ts';
import { createDeployment } from './routes/deployments.ts';
import {
  now,
  uuid,
  type AppState,
  type PullRequestState,
  type ReviewAppState,
  type ScmRepoLinkState,
} from './state.ts';

/** Pusher of SCM deployments of review apps (§15.2). */
export const SCM_PUSHER = {
  id: 'us-scalingo-platform-scm',
  username: 'scalingo-platform-scm',
  email: 'deploy-scm@scalingo.com',
};

export interface PullRequestInput {
  number: number;
  headSha: string;
  /** tar.gz of the head (e.g. the GitHub double's tarball URL); defaults to the link's sourceUrl. */
  sourceUrl?: string;
  branch?: string;
  title?: string;
  /** true, or the fork's owner: the branch comes from a fork. */
  fork?: boolean | string;
}

export function mustLink(core: SandboxCore, parent: string): { app: AppState; link: ScmRepoLinkState } {
  const app = core.mustApp(parent);
  if (!app.scmRepoLink) throw new Error(`sandbox: app ${parent} has no scmRepoLink`);
  return { app, link: app.scmRepoLink };
}

/**
 * The PR of that number. A link with no declared PR plays every number as an open PR of the
 * link's head (what the sandbox did before PRs could be declared); once one is declared, only
 * declared ones exist.
 */
export function findPull(link: ScmRepoLinkState, number: number): PullRequestState | undefined {
  const known = link.pulls.get(number);
  if (known || link.pullsDeclared) return known;
  return {
    id: 100_000 + number,
    number,
    title: `Pull request #${number}`,
    branch: `pr-${number}`,
    headSha: link.headSha,
    sourceUrl: link.sourceUrl ?? null,
    forkOwner: null,
    createdAt: link.createdAt,
    closedAt: null,
  };
}

export function deployReviewApp(
  core: SandboxCore,
  child: AppState,
  link: ScmRepoLinkState,
  pr: PullRequestState,
  before: Promise<void> = Promise.resolve(),
) {
  return createDeployment(core, child, {
    sourceUrl: pr.sourceUrl ?? link.sourceUrl ?? null,
    gitRef: pr.headSha,
    type: 'scm',
    waitFor: before.then(() => addonsRunning(core, child)),
    pusher: SCM_PUSHER,
  });
}

/** The manifest of the PR head, if it has one, overrides what the review app inherits (§16). */
async function inherit(core: SandboxCore, parent: AppState, child: AppState, pr: PullRequestState, url: string | null) {
  const projectDir = parent.variables.find((v) => v.name === 'PROJECT_DIR')?.value ?? '';
  const manifest = url ? await readManifest(core, url, projectDir).catch(() => null) : null;
  if (core.closed || core.apps.get(child.name) !== child) return;
  if (manifest) applyManifest(core, child, parent, pr.number, manifest);
  if (manifest?.addons) provisionManifestAddons(core, child, manifest.addons);
  else copyAddons(core, parent, child);
}

/** After `reviewAppDelayMs` (0: at once): the record, the app, its addons, its first deployment. */
export function requestReviewApp(core: SandboxCore, parent: AppState, pr: PullRequestState): ReviewAppState {
  const link = parent.scmRepoLink as ScmRepoLinkState;
  link.pulls.set(pr.number, link.pulls.get(pr.number) ?? pr);
  const review: ReviewAppState = {
    id: uuid(),
    appName: core.options.reviewAppName(parent.name, pr.number),
    pullRequest: pr.number,
    createdAt: now(),
  };
  const create = () => {
    if (core.closed || core.apps.get(parent.name) !== parent || core.apps.has(review.appName)) return;
    review.createdAt = now();
    parent.reviewApps.push(review);
    const child = core.createApp(review.appName, parent.name);
    child.formation = parent.formation.map((f) => ({ ...f }));
    child.scmRepoLink = { ...link, id: uuid(), pulls: new Map(), pullsDeclared: false };
    copyVariables(parent, child);
    // The deployment exists at once (last_deployment is never null), queued until addons run.
    deployReviewApp(core, child, link, pr, inherit(core, parent, child, pr, pr.sourceUrl ?? link.sourceUrl ?? null));
  };
  if (core.options.reviewAppDelayMs > 0) void core.sleep(core.options.reviewAppDelayMs).then(create);
  else create();
  return review;
}

/** Declares or updates a PR; a new head redeploys its review app when reviewAppsAutoDeploy. */
export function declarePullRequest(core: SandboxCore, parent: string, input: PullRequestInput): PullRequestState {
  const { app, link } = mustLink(core, parent);
  const forkOwner = input.fork === true ? `${link.owner}-fork` : input.fork ? input.fork : null;
  const existing = link.pulls.get(input.number);
  if (existing) {
    const moved = existing.headSha !== input.headSha;
    existing.headSha = input.headSha;
    if (input.sourceUrl !== undefined) existing.sourceUrl = input.sourceUrl;
    if (input.branch !== undefined) existing.branch = input.branch;
    if (input.title !== undefined) existing.title = input.title;
    if (input.fork !== undefined) existing.forkOwner = forkOwner;
    const review = app.reviewApps.find((r) => r.pullRequest === input.number);
    const child = review && core.apps.get(review.appName);
    if (moved && child && existing.closedAt === null && core.options.reviewAppsAutoDeploy)
      deployReviewApp(core, child, link, existing);
    return existing;
  }
  const pr: PullRequestState = {
    id: randomInt(1_000_000, 2_000_000_000),
    number: input.number,
    title: input.title ?? `Pull request #${input.number}`,
    branch: input.branch ?? `pr-${input.number}`,
    headSha: input.headSha,
    sourceUrl: input.sourceUrl ?? null,
    forkOwner,
    createdAt: now(),
    closedAt: null,
  };
  link.pulls.set(pr.number, pr);
  link.pullsDeclared = true;
  return pr;
}

/** Closes the PR; its review app is deleted at once when delete_on_close_enabled (manual ones are, §15.5). */
export async function closePullRequest(core: SandboxCore, parent: string, number: number): Promise<void> {
  const { app, link } = mustLink(core, parent);
  const pr = link.pulls.get(number) ?? findPull(link, number);
  if (!pr) throw new Error(`sandbox: ${parent} has no pull request #${number}`);
  pr.closedAt = now();
  link.pulls.set(number, pr);
  const review = app.reviewApps.find((r) => r.pullRequest === number);
  const child = review && core.apps.get(review.appName);
  if (child && link.settings.delete_on_close_enabled) await deleteApp(core, child);
}
