// Apps: get / list, the app's own web endpoint (for health checks), restart + operations.
import type { SandboxCore } from '../core.ts';
import { notFound, sendEmpty, sendJson, sendText, unprocessable, type Ctx, type Router } from '../http.ts';
import { runningVariables } from '../release.ts';
import { now, objectId, takeScenario, type AppState, type OperationState } from '../state.ts';
import { appView, operationView } from '../views.ts';

/** The app named in the path (by name or id), or a 404 already sent. */
export function pathApp(core: SandboxCore, ctx: Ctx): AppState | undefined {
  const app = core.findApp(ctx.params.app ?? '');
  if (!app) notFound(ctx, 'app');
  return app;
}

/** An operation that goes pending → done after one phase (restart, scale...), or error when told. */
export function startOperation(
  core: SandboxCore,
  app: AppState,
  type: string,
  options: { error?: string; onDone?: () => void } = {},
): OperationState {
  const op: OperationState = {
    id: objectId(),
    type,
    status: 'pending',
    createdAt: now(),
    finishedAt: null,
    error: null,
  };
  app.operations.set(op.id, op);
  void core.sleep(core.options.phaseMs).then(() => {
    if (core.closed) return;
    op.finishedAt = now();
    if (options.error !== undefined) {
      op.status = 'error';
      op.error = options.error;
      return;
    }
    op.status = 'done';
    options.onDone?.();
  });
  return op;
}

export function appRoutes(router: Router, core: SandboxCore): void {
  router.add('GET', '/v1/apps', 'user', (ctx) => {
    sendJson(ctx, 200, { apps: [...core.apps.values()].map((a) => appView(core.view, a)) });
  });

  router.add('GET', '/v1/apps/:app', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (app) sendJson(ctx, 200, { app: appView(core.view, app) });
  });

  router.add('DELETE', '/v1/apps/:app/caches/deployment', 'user', (ctx) => {
    if (pathApp(core, ctx)) sendEmpty(ctx, 204);
  });

  router.add('POST', '/v1/apps/:app/restart', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const scope = (ctx.body as { scope?: unknown } | null)?.scope;
    const known = /^(web|worker|clock)(-\d+)?$/;
    const wrong = Array.isArray(scope) ? scope.filter((s) => typeof s !== 'string' || !known.test(s)) : [];
    if (wrong.length > 0) {
      unprocessable(ctx, { scope: wrong.map((s) => `'${String(s)}' → no such process type`) });
      return;
    }
    const scenario = takeScenario(app.scenarios.restart);
    const op = startOperation(core, app, 'restart', {
      ...(scenario?.operationError !== undefined ? { error: scenario.operationError } : {}),
      // The containers now run with the app's current variables (maintenance flags included).
      onDone: () => void (app.runningVariables = runningVariables(app)),
    });
    sendEmpty(ctx, 202, {
      'Content-Type': 'text/plain; charset=utf-8',
      Location: `${core.url}/v1/apps/${app.name}/operations/${op.id}`,
    });
  });

  router.add('GET', '/v1/apps/:app/operations/:id', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const op = app.operations.get(ctx.params.id ?? '');
    if (!op) return notFound(ctx, 'operation');
    sendJson(ctx, 200, { operation: operationView(app, op) });
  });

  // app.url: what a health check reaches. Any method, any path below the app.
  router.add('*', '/web/:app/*', 'none', (ctx) => webAnswer(core, ctx));
  router.add('*', '/web/:app', 'none', (ctx) => webAnswer(core, ctx));
}

function webAnswer(core: SandboxCore, ctx: Ctx): void {
  const app = core.apps.get(ctx.params.app ?? '');
  if (!app) return sendText(ctx, 404, 'no such app');
  const status = app.webStatus;
  sendText(ctx, status, status < 400 ? `ok ${app.name}` : `error ${status}`);
}
