// POST /apps/:app/run, the start-one-off operation, /wait, resize, files, containers stop.
import type { SandboxCore } from '../core.ts';
import { notFound, readBody, sendEmpty, sendJson, unprocessable, type Router } from '../http.ts';
import { attachUrl, findOneOff, startProcess } from '../one-off.ts';
import { now, objectId, takeScenario, type OneOffState, type OperationState } from '../state.ts';
import { containerView } from '../views.ts';
import { pathApp } from './apps.ts';

const MAX_ONE_OFFS = 10;

export function oneOffRoutes(router: Router, core: SandboxCore): void {
  router.add('POST', '/v1/apps/:app/run', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const body = (ctx.body ?? {}) as { command?: unknown; env?: unknown; size?: unknown; detached?: unknown };
    if (typeof body.command !== 'string' || body.command.trim() === '')
      return unprocessable(ctx, { command: ["can't be blank"] });
    if (app.oneOffs.filter((o) => o.state !== 'stopped').length >= MAX_ONE_OFFS) {
      return sendJson(ctx, 402, {
        error: 'You have reached the limit of one-off containers for this app',
        url: `${core.url}/billing`,
      });
    }
    const env: Record<string, string> = {};
    if (body.env && typeof body.env === 'object') for (const [k, v] of Object.entries(body.env)) env[k] = String(v);
    const typeIndex = app.oneOffs.length + 1;
    const op: OperationState = {
      id: objectId(),
      type: 'start-one-off',
      status: 'pending',
      createdAt: now(),
      finishedAt: null,
      error: null,
    };
    let resolveExit: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    const oneOff: OneOffState = {
      containerId: objectId(),
      typeIndex,
      label: `one-off-${typeIndex}`,
      command: body.command,
      env,
      size: typeof body.size === 'string' ? body.size : 'M',
      detached: body.detached === true,
      createdAt: now(),
      state: 'booting',
      operationId: op.id,
      scenario: takeScenario(app.scenarios.oneOff),
      attached: false,
      output: '',
      exitCode: null,
      exited,
      resolveExit,
    };
    app.oneOffs.push(oneOff);
    app.operations.set(op.id, op);
    void core.sleep(core.options.oneOffStartMs).then(() => {
      if (core.closed) return;
      op.finishedAt = now();
      if (oneOff.scenario?.operationError) {
        op.status = 'error';
        op.error = oneOff.scenario.operationError;
        oneOff.state = 'stopped';
        return;
      }
      op.status = 'done';
      op.startOneOffData = { attach_url: attachUrl(core, oneOff.containerId), container_id: oneOff.containerId };
      if (oneOff.detached) startProcess(core, app, oneOff);
    });
    sendJson(ctx, 200, {
      container: containerView(core.view, app, oneOff),
      operation_url: `${core.url}/v1/apps/${app.name}/operations/${op.id}`,
      operation: op.id,
    });
  });

  router.add('GET', '/v1/one-off/attach/:id/wait', 'basic-jwt', async (ctx) => {
    const found = findOneOff(core, ctx.params.id ?? '');
    if (!found) return notFound(ctx, 'container');
    const { oneOff } = found;
    if (oneOff.scenario?.waitStatus === 408) return sendJson(ctx, 408, { error: 'container killed after inactivity' });
    const code = await Promise.race([oneOff.exited, core.sleep(core.options.oneOffTimeoutMs).then(() => null)]);
    if (code === null) return sendJson(ctx, 408, { error: 'container killed after inactivity' });
    sendJson(ctx, 200, { exit_code: code });
  });

  router.add('PUT', '/v1/one-off/attach/:id', 'basic-jwt', (ctx) => {
    if (!findOneOff(core, ctx.params.id ?? '')) return notFound(ctx, 'container');
    sendEmpty(ctx, 200);
  });

  router.add(
    'POST',
    '/v1/one-off/attach/:id/files',
    'basic-jwt',
    async (ctx) => {
      await readBody(ctx.req, 100 * 1024 * 1024);
      if (!findOneOff(core, ctx.params.id ?? '')) return notFound(ctx, 'container');
      sendEmpty(ctx, 200);
    },
    { stream: true },
  );

  router.add('POST', '/v1/apps/:app/containers/:id/stop', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const oneOff = app.oneOffs.find((o) => o.containerId === ctx.params.id);
    if (!oneOff) return notFound(ctx, 'container');
    if (oneOff.process) core.killGroup(oneOff.process);
    else {
      oneOff.state = 'stopped';
      oneOff.resolveExit(137);
    }
    sendEmpty(ctx, 202);
  });
}
