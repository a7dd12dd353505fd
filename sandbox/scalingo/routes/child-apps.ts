// Creating apps (POST /v1/apps, with parent_id for a child), child apps (create, list), deletion.
import { createChildApp, deleteApp, nameErrors } from '../apps-lifecycle.ts';
import type { SandboxCore } from '../core.ts';
import { paginate } from '../pagination.ts';
import { queryString, sendEmpty, sendJson, unprocessable, wrapped, type Router } from '../http.ts';
import { newApp } from '../state.ts';
import { appView } from '../views.ts';
import { pathApp } from './apps.ts';

export function childAppRoutes(router: Router, core: SandboxCore): void {
  router.add('POST', '/v1/apps', 'user', (ctx) => {
    const params = wrapped(ctx.body, 'app');
    const parentId = params?.parent_id;
    const parent = typeof parentId === 'string' && parentId !== '' ? core.findApp(parentId) : undefined;
    if (parentId !== undefined && parentId !== null && parentId !== '' && !parent)
      return unprocessable(ctx, { parent_id: ['not found'] });
    const errors = nameErrors(core, params?.name, parent ? core.options.childAppNameMax : 48);
    if (errors) return unprocessable(ctx, errors);
    const name = String(params?.name);
    // X-Dry-Run: the checks only (§17); what the real API answers then is unconfirmed: the would-be app.
    if (ctx.req.headers['x-dry-run'] === 'true')
      return sendJson(ctx, 201, { app: appView(core.view, newApp(name, parent?.name ?? null)) });
    const app = parent ? createChildApp(core, parent, name) : core.createApp(name);
    sendJson(ctx, 201, { app: appView(core.view, app) });
  });

  router.add('POST', '/v1/apps/:app/child_apps', 'user', (ctx) => {
    const parent = pathApp(core, ctx);
    if (!parent) return;
    const name = wrapped(ctx.body, 'app')?.name;
    const errors = nameErrors(core, name, core.options.childAppNameMax);
    if (errors) return unprocessable(ctx, errors);
    sendJson(ctx, 201, { app: appView(core.view, createChildApp(core, parent, String(name))) });
  });

  router.add('GET', '/v1/apps/:app/child_apps', 'user', (ctx) => {
    const parent = pathApp(core, ctx);
    if (!parent) return;
    const reviewApps = new Set(parent.reviewApps.map((r) => r.appName));
    const children = [...core.apps.values()].filter(
      (a) => a.parentName === parent.name && (core.options.reviewAppsInChildApps || !reviewApps.has(a.name)),
    );
    const { slice, meta } = paginate(ctx, children);
    sendJson(ctx, 200, { child_apps: slice.map((a) => appView(core.view, a)), meta });
  });

  // Any app: a child, a review app (scalingo-api.md §7), a parent (its children stay: unconfirmed).
  router.add('DELETE', '/v1/apps/:app', 'user', async (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    if (queryString(ctx, 'current_name') !== app.name)
      return unprocessable(ctx, { current_name: ['Provided name does not match app name'] });
    await deleteApp(core, app);
    sendEmpty(ctx, 204);
  });
}
