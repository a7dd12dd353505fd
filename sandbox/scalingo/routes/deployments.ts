// Deployments: create from a source_url, get, list (paginated, newest first), build output.
import type { SandboxCore } from '../core.ts';
import { launchDeployment } from '../deploy-runner.ts';
import { paginate } from '../pagination.ts';
import { notFound, queryString, sendJson, sendText, unprocessable, wrapped, type Router } from '../http.ts';
import { newFrame } from '../stream.ts';
import { now, takeScenario, uuid, type AppState, type DeploymentState } from '../state.ts';
import { deploymentView } from '../views.ts';
import { pathApp } from './apps.ts';

/** Records a new deployment, announces it on the stream and sets it running. */
export function createDeployment(
  core: SandboxCore,
  app: AppState,
  params: {
    sourceUrl: string | null;
    gitRef: string | null;
    type: string;
    outOfBand?: boolean;
    phaseMs?: number;
    /** Stays queued until this resolves (a review app's addons provisioning). */
    waitFor?: Promise<void>;
    pusher?: DeploymentState['pusher'];
  },
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
    ...(params.pusher ? { pusher: params.pusher } : {}),
  };
  app.deployments.push(d);
  const frame = newFrame(core, app.name, d.id);
  if (frame) core.streams.emit(app.name, frame);
  core.streams.emit(app.name, { type: 'status', id: d.id, data: { status: 'queued' } });
  const scenario = params.outOfBand ? undefined : takeScenario(app.scenarios.deployment);
  const phased = params.phaseMs !== undefined ? { ...scenario, phaseMs: params.phaseMs } : scenario;
  launchDeployment(core, app, d, phased, params.waitFor);
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
    const { slice, meta } = paginate(ctx, [...app.deployments].reverse());
    sendJson(ctx, 200, { deployments: slice.map((d) => deploymentView(core.view, app, d)), meta });
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
