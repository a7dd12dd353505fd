// SCM repo link: get, manual deploy (branch head), manual review app, review apps list.
import type { SandboxCore } from '../core.ts';
import { notFound, sendJson, unprocessable, type Router } from '../http.ts';
import { now, uuid } from '../state.ts';
import { deploymentView, reviewAppView, scmRepoLinkView } from '../views.ts';
import { pathApp } from './apps.ts';
import { createDeployment } from './deployments.ts';

export function scmRoutes(router: Router, core: SandboxCore): void {
  router.add('GET', '/v1/apps/:app/scm_repo_link', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    if (!app.scmRepoLink) return notFound(ctx, 'scm_repo_link');
    sendJson(ctx, 200, { scm_repo_link: scmRepoLinkView(core.view, app, app.scmRepoLink) });
  });

  router.add('POST', '/v1/apps/:app/scm_repo_link/manual_deploy', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const link = app.scmRepoLink;
    if (!link) return notFound(ctx, 'scm_repo_link');
    const branch = (ctx.body as { branch?: unknown } | null)?.branch;
    if (typeof branch !== 'string' || branch === '') return unprocessable(ctx, { branch: ["can't be blank"] });
    // The sandbox knows one head: that of the linked branch (headSha). Other branches deploy it too.
    const d = createDeployment(core, app, { sourceUrl: link.sourceUrl ?? null, gitRef: link.headSha, type: 'scm' });
    sendJson(ctx, 200, { deployment: deploymentView(core.view, app, d) });
  });

  router.add('POST', '/v1/apps/:app/scm_repo_link/manual_review_app', 'user', (ctx) => {
    const parent = pathApp(core, ctx);
    if (!parent) return;
    const link = parent.scmRepoLink;
    if (!link) return notFound(ctx, 'scm_repo_link');
    const raw = (ctx.body as { pull_request_id?: unknown } | null)?.pull_request_id;
    const number = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number.parseInt(raw, 10) : Number.NaN;
    if (!Number.isInteger(number) || number <= 0) return unprocessable(ctx, { pull_request_id: ['is invalid'] });
    const name = `${parent.name}-pr${number}`;
    let review = parent.reviewApps.find((r) => r.pullRequest === number);
    if (!review) {
      review = { id: uuid(), appName: name, pullRequest: number, createdAt: now() };
      parent.reviewApps.push(review);
    }
    const child = core.apps.get(name) ?? core.createApp(name, parent.name);
    child.scmRepoLink = { ...link, id: uuid() };
    child.variables = parent.variables.map((v) => ({ ...v }));
    createDeployment(core, child, { sourceUrl: link.sourceUrl ?? null, gitRef: link.headSha, type: 'scm' });
    sendJson(ctx, 200, { review_app: reviewAppView(core.view, parent, link, review, child) });
  });

  router.add('GET', '/v1/apps/:app/scm_repo_link/review_apps', 'user', (ctx) => {
    const parent = pathApp(core, ctx);
    if (!parent) return;
    const link = parent.scmRepoLink;
    if (!link) return notFound(ctx, 'scm_repo_link');
    sendJson(ctx, 200, {
      review_apps: parent.reviewApps.map((r) => reviewAppView(core.view, parent, link, r, core.apps.get(r.appName))),
    });
  });
}
