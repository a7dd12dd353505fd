// SCM repo link: get, settings (PATCH), manual deploy (branch head), pull requests, manual review
// app and the review apps list. Error bodies for a missing link, an unknown or closed PR and a PR
// that already has a review app are unconfirmed (§15.1): the shapes here are sandbox choices.
import type { SandboxCore } from '../core.ts';
import { notFound, sendJson, unprocessable, wrapped, type Ctx, type Router } from '../http.ts';
import { findPull, requestReviewApp } from '../review-apps.ts';
import type { AppState, ScmRepoLinkState, ScmSettings } from '../state.ts';
import { deploymentView } from '../views.ts';
import { pullView, reviewAppView, scmRepoLinkView } from '../views-scm.ts';
import { pathApp } from './apps.ts';
import { createDeployment } from './deployments.ts';

function linked(core: SandboxCore, ctx: Ctx): { app: AppState; link: ScmRepoLinkState } | undefined {
  const app = pathApp(core, ctx);
  if (!app) return undefined;
  if (!app.scmRepoLink) return void notFound(ctx, 'scm_repo_link');
  return { app, link: app.scmRepoLink };
}

function pullNumber(raw: unknown): number {
  return typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

const BOOLEAN_SETTINGS = [
  'auto_deploy_enabled',
  'deploy_review_apps_enabled',
  'delete_on_close_enabled',
  'delete_stale_enabled',
  'automatic_creation_from_forks_allowed',
] as const;
const HOUR_SETTINGS = ['hours_before_delete_on_close', 'hours_before_delete_stale'] as const;

export function scmRoutes(router: Router, core: SandboxCore): void {
  router.add('GET', '/v1/apps/:app/scm_repo_link', 'user', (ctx) => {
    const found = linked(core, ctx);
    if (found) sendJson(ctx, 200, { scm_repo_link: scmRepoLinkView(core.view, found.app, found.link) });
  });

  // Only the keys sent change (§15.5: go-scalingo sends set keys, false and 0 included).
  router.add('PATCH', '/v1/apps/:app/scm_repo_link', 'user', (ctx) => {
    const found = linked(core, ctx);
    if (!found) return;
    const params = wrapped(ctx.body, 'scm_repo_link') ?? {};
    const errors: Record<string, string[]> = {};
    const changes: Partial<ScmSettings> = {};
    for (const key of BOOLEAN_SETTINGS) {
      if (!(key in params)) continue;
      if (typeof params[key] === 'boolean') changes[key] = params[key];
      else errors[key] = ['must be true or false'];
    }
    for (const key of HOUR_SETTINGS) {
      if (!(key in params)) continue;
      const value = params[key];
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) changes[key] = value;
      else errors[key] = ['must be a positive integer'];
    }
    if (Object.keys(errors).length > 0) return unprocessable(ctx, errors);
    Object.assign(found.link.settings, changes);
    sendJson(ctx, 200, { scm_repo_link: scmRepoLinkView(core.view, found.app, found.link) });
  });

  router.add('POST', '/v1/apps/:app/scm_repo_link/manual_deploy', 'user', (ctx) => {
    const found = linked(core, ctx);
    if (!found) return;
    const { app, link } = found;
    const branch = (ctx.body as { branch?: unknown } | null)?.branch;
    if (typeof branch !== 'string' || branch === '') return unprocessable(ctx, { branch: ["can't be blank"] });
    // The sandbox knows one head: that of the linked branch (headSha). Other branches deploy it too.
    const d = createDeployment(core, app, { sourceUrl: link.sourceUrl ?? null, gitRef: link.headSha, type: 'scm' });
    sendJson(ctx, 200, { deployment: deploymentView(core.view, app, d) });
  });

  router.add('GET', '/v1/apps/:app/scm_repo_link/pulls', 'user', (ctx) => {
    const found = linked(core, ctx);
    if (!found) return;
    const open = [...found.link.pulls.values()].filter((pr) => pr.closedAt === null);
    sendJson(ctx, 200, { pulls: open.map((pr) => pullView(found.link, pr)) });
  });

  // The CLI reads it before manual_review_app, to warn about forks (§15.6).
  router.add('GET', '/v1/apps/:app/scm_repo_link/pulls/:number', 'user', (ctx) => {
    const found = linked(core, ctx);
    if (!found) return;
    const pr = findPull(found.link, pullNumber(ctx.params.number));
    if (!pr) return notFound(ctx, 'pull_request');
    sendJson(ctx, 200, { pull: pullView(found.link, pr) });
  });

  router.add('POST', '/v1/apps/:app/scm_repo_link/manual_review_app', 'user', (ctx) => {
    const found = linked(core, ctx);
    if (!found) return;
    const { app: parent, link } = found;
    const number = pullNumber((ctx.body as { pull_request_id?: unknown } | null)?.pull_request_id);
    if (!Number.isInteger(number) || number <= 0) return unprocessable(ctx, { pull_request_id: ['is invalid'] });
    const pr = findPull(link, number);
    if (!pr) return notFound(ctx, 'pull_request');
    if (pr.closedAt !== null) return unprocessable(ctx, { pull_request_id: ['pull request is closed'] });
    if (parent.reviewApps.some((r) => r.pullRequest === number))
      return unprocessable(ctx, { pull_request_id: ['a review app already exists for this pull request'] });
    const review = requestReviewApp(core, parent, pr);
    if (core.options.manualReviewAppBody === 'empty') return sendJson(ctx, 200, {});
    const child = core.apps.get(review.appName);
    sendJson(ctx, 200, { review_app: reviewAppView(core.view, parent, link, review, pr, child) });
  });

  router.add('GET', '/v1/apps/:app/scm_repo_link/review_apps', 'user', (ctx) => {
    const found = linked(core, ctx);
    if (!found) return;
    const { app: parent, link } = found;
    const items = parent.reviewApps.flatMap((r) => {
      const pr = findPull(link, r.pullRequest);
      return pr ? [reviewAppView(core.view, parent, link, r, pr, core.apps.get(r.appName))] : [];
    });
    sendJson(ctx, 200, { review_apps: items });
  });
}
