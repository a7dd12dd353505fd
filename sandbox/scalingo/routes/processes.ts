// Running containers (GET …/ps, scalingo-api.md §10: one-offs included while they run) and
// autoscalers (none: the CLI reads them before `one-off-stop` and `scale`).
import type { SandboxCore } from '../core.ts';
import { sendJson, type Router } from '../http.ts';
import { objectId, type AppState } from '../state.ts';
import { pathApp } from './apps.ts';
import { containerSize } from './containers.ts';

function idOf(app: AppState, label: string): string {
  let id = app.containerIds.get(label);
  if (!id) {
    id = objectId();
    app.containerIds.set(label, id);
  }
  return id;
}

function processes(app: AppState) {
  const deployed = app.status === 'running' || app.deployments.some((d) => d.status === 'success');
  const formation = deployed
    ? app.formation.flatMap((f) =>
        Array.from({ length: f.amount }, (_, i) => ({
          id: idOf(app, `${f.name}-${i + 1}`),
          type: f.name,
          type_index: i + 1,
          label: `${f.name}-${i + 1}`,
          created_at: app.updatedAt,
          deleted_at: null,
          state: 'running',
          command: f.command,
          container_size: containerSize(f.size),
        })),
      )
    : [];
  const oneOffs = app.oneOffs
    .filter((o) => o.state !== 'stopped')
    .map((o) => ({
      id: o.containerId,
      type: 'one-off',
      type_index: o.typeIndex,
      label: o.label,
      created_at: o.createdAt,
      deleted_at: null,
      state: o.state,
      command: o.command,
      container_size: containerSize(o.size),
    }));
  return [...formation, ...oneOffs];
}

export function processRoutes(router: Router, core: SandboxCore): void {
  router.add('GET', '/v1/apps/:app/ps', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (app) sendJson(ctx, 200, { containers: processes(app) });
  });

  router.add('GET', '/v1/apps/:app/autoscalers', 'user', (ctx) => {
    if (pathApp(core, ctx)) sendJson(ctx, 200, { autoscalers: [] });
  });
}
