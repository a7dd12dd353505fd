// Deployments: create from a source_url, get, list (paginated, newest first), build output.
import type { SandboxCore } from '../core.ts';
import { launchDeployment } from '../deploy-runner.ts';
import { notFound, queryString, sendJson, sendText, unprocessable, wrapped, type Router } from '../http.ts';
import { newFrame } from '../stream.ts';
import { now, takeScenario, uuid, type AppState, type DeploymentState } from '../state.ts';
import { deploymentView } from '../views.ts';
import { pathApp } from './apps.ts';

const MAX_PER_PAGE = 100;

/** Records a new deployment, announces it on the stream and sets it running. */
export function createDeployment(
  core: SandboxCore,
  app: AppState,
  params: { sourceUrl: string | null; gitRef: string | null; type: string; outOfBand?: boolean; phaseMs?: number },
): DeploymentState {
  const previous = [...app.deployments].reverse().find((d) => d.status === 'success');
  const d: DeploymentState = {
    id: uuid(),
    appId: app.id,
    createdAt: now(),
    finishedAt: null,
    status: 'queued',
    gitRef: params.gitRef,
    previousGitRef: previous?.gitRef ?? null,
    type: params.type,
    sourceUrl: params.sourceUrl,
    postdeployHook: null,
    log: [],
  };
  app.deployments.push(d);
  const frame = newFrame(core, app.name, d.id);
  if (frame) core.streams.emit(app.name, frame);
  core.streams.emit(app.name, { type: 'status', id: d.id, data: { status: 'queued' } });
  const scenario = params.outOfBand ? undefined : takeScenario(app.scenarios.deployment);
  const phased = params.phaseMs !== undefined ? { ...scenario, phaseMs: params.phaseMs } : scenario;
  launchDeployment(core, app, d, phased);
  return d;
}

export function deploymentRoutes(router: Router, core: SandboxCore): void {
  router.add('POST', '/v1/apps/:app/deployments', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const params = wrapped(ctx.body, 'deployment');
    const sourceUrl = params?.source_url;
    const gitRef = params?.git_ref;
    if (typeof sourceUrl !== 'string' || !/^https?:\/\//.test(sourceUrl)) {
      unprocessable(ctx, { source_url: ["can't be blank", 'must be an http(s) URL'] });
      return;
    }
    if (gitRef !== undefined && gitRef !== null && (typeof gitRef !== 'string' || gitRef.startsWith('-'))) {
      unprocessable(ctx, { git_ref: ['is invalid'] });
      return;
    }
    const d = createDeployment(core, app, {
      sourceUrl,
      gitRef: typeof gitRef === 'string' ? gitRef : null,
      type: 'archive',
    });
    if (typeof params?.postdeploy_hook === 'string') d.postdeployHook = params.postdeploy_hook;
    sendJson(ctx, 201, { deployment: deploymentView(core.view, app, d) });
  });

  router.add('GET', '/v1/apps/:app/deployments', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const page = Math.max(1, Number.parseInt(queryString(ctx, 'page') ?? '1', 10) || 1);
    const perPage = Math.min(
      MAX_PER_PAGE,
      Math.max(1, Number.parseInt(queryString(ctx, 'per_page') ?? '20', 10) || 20),
    );
    const newestFirst = [...app.deployments].reverse();
    const total = newestFirst.length;
    const totalPages = Math.max(1, Math.ceil(total / perPage));
    const slice = newestFirst.slice((page - 1) * perPage, page * perPage);
    sendJson(ctx, 200, {
      deployments: slice.map((d) => deploymentView(core.view, app, d)),
      meta: {
        pagination: {
          current_page: page,
          prev_page: page > 1 ? page - 1 : null,
          next_page: page < totalPages ? page + 1 : null,
          total_pages: totalPages,
          total_count: total,
          per_page: perPage,
        },
      },
    });
  });

  router.add('GET', '/v1/apps/:app/deployments/:id', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const d = app.deployments.find((x) => x.id === ctx.params.id);
    if (!d) return notFound(ctx, 'deployment');
    sendJson(ctx, 200, { deployment: deploymentView(core.view, app, d) });
  });

  router.add('GET', '/v1/apps/:app/deployments/:id/output', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const d = app.deployments.find((x) => x.id === ctx.params.id);
    if (!d || d.log.length === 0) return notFound(ctx, 'deployment');
    sendText(ctx, 200, d.log.map((line) => `${line}\n`).join(''));
  });

  // Legacy form of links.output, still seen in older docs.
  router.add('GET', '/v1/deployments/:id/output', 'user', (ctx) => {
    for (const app of core.apps.values()) {
      const d = app.deployments.find((x) => x.id === ctx.params.id);
      if (d && d.log.length > 0) return sendText(ctx, 200, d.log.map((line) => `${line}\n`).join(''));
    }
    notFound(ctx, 'deployment');
  });
}
