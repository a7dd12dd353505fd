// Formation, scale, container sizes, and the app logs URL.
import type { SandboxCore } from '../core.ts';
import { queryString, sendEmpty, sendJson, sendText, unprocessable, type Router } from '../http.ts';
import type { AppState } from '../state.ts';
import { appView } from '../views.ts';
import { pathApp, startOperation } from './apps.ts';

const MAX_CONTAINERS = 10;
const SIZES: [string, number, number][] = [
  ['S', 268435456, 2],
  ['M', 536870912, 3],
  ['L', 1073741824, 4],
  ['XL', 2147483648, 5],
  ['2XL', 4294967296, 6],
];

/** The `container_size` object of a size name (the fields of GET /features/container_sizes). */
export function containerSize(name: string) {
  const [, memory, ordinal] = SIZES.find(([n]) => n === name) ?? SIZES[1] ?? ['M', 536870912, 3];
  return { id: `size-${name.toLowerCase()}`, name, human_name: name, memory, ordinal, swap: null };
}

function formation(app: AppState) {
  return app.formation.map((f) => ({
    name: f.name,
    command: f.command,
    amount: f.amount,
    size: f.size,
    app_id: app.id,
  }));
}

export function containerRoutes(router: Router, core: SandboxCore): void {
  router.add('GET', '/v1/apps/:app/containers', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (app) sendJson(ctx, 200, { containers: formation(app) });
  });

  router.add('POST', '/v1/apps/:app/scale', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const wanted = (ctx.body as { containers?: unknown } | null)?.containers;
    if (!Array.isArray(wanted)) return unprocessable(ctx, { containers: ["can't be blank"] });
    for (const item of wanted as { name?: unknown; amount?: unknown; size?: unknown }[]) {
      if (typeof item.amount === 'number' && item.amount > MAX_CONTAINERS) {
        return unprocessable(ctx, {
          [`container-${String(item.name)}-amount`]: [
            `can't scale over ${MAX_CONTAINERS} containers, contact us at support@example.invalid if you need more`,
          ],
        });
      }
      if (!app.formation.some((f) => f.name === item.name))
        return unprocessable(ctx, { [`container-${String(item.name)}`]: ['no such process type'] });
    }
    for (const item of wanted as { name: string; amount?: number; size?: string }[]) {
      const f = app.formation.find((x) => x.name === item.name);
      if (!f) continue;
      if (typeof item.amount === 'number') f.amount = item.amount;
      if (typeof item.size === 'string') f.size = item.size;
    }
    if (!app.deployments.some((d) => d.status === 'success')) return sendJson(ctx, 200, { containers: formation(app) });
    const op = startOperation(core, app, 'scale');
    sendJson(
      ctx,
      202,
      { containers: formation(app) },
      { Location: `${core.url}/v1/apps/${app.name}/operations/${op.id}` },
    );
  });

  router.add('GET', '/v1/features/container_sizes', 'none', (ctx) => {
    sendJson(ctx, 200, {
      container_sizes: SIZES.map(([name, memory, ordinal]) => ({
        id: `size-${name.toLowerCase()}`,
        human_cpu: name === 'S' ? 'low CPU priority' : 'standard CPU priority',
        name,
        human_name: name,
        memory,
        ordinal,
        hourly_price: 10 * 2 ** (ordinal - 2),
        thirtydays_price: 720 * 2 ** (ordinal - 2),
        pids_limit: 128 * 2 ** (ordinal - 2),
        swap: null,
        sku: `sandbox-app-${name.toLowerCase()}`,
      })),
    });
  });

  router.add('GET', '/v1/apps/:app/logs', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const logsUrl = `${core.url}/logs/${app.name}?token=${app.logsToken}`;
    sendJson(ctx, 200, { app: { ...appView(core.view, app), logs_url: logsUrl }, logs_url: logsUrl });
  });

  // The logs service: signed URL, no Authorization header.
  router.add('GET', '/logs/:app', 'none', (ctx) => {
    const app = core.apps.get(ctx.params.app ?? '');
    if (!app || queryString(ctx, 'token') !== app.logsToken) return sendJson(ctx, 401, { error: 'invalid token' });
    const filter = queryString(ctx, 'filter');
    const n = Number.parseInt(queryString(ctx, 'n') ?? '100', 10) || 100;
    const lines = app.logs.filter((l) => !filter || matchesFilter(l, filter)).slice(-n);
    if (lines.length === 0) return sendEmpty(ctx, 204);
    sendText(ctx, 200, lines.map((l) => `${l}\n`).join(''));
  });
}

/**
 * `filter` names containers: a container (`web-1`, `one-off-42`), a type (`web`, `postdeploy`), or a
 * regular expression over those names (`web|worker`); never the message text.
 */
function matchesFilter(line: string, filter: string): boolean {
  const container = /^\S+ \S+ \S+ \S+ \[([^\]]+)\]/.exec(line)?.[1] ?? '';
  const type = container.replace(/-\d+$/, '');
  if (container === filter || type === filter) return true;
  try {
    const pattern = new RegExp(`^(?:${filter})$`);
    return pattern.test(container) || pattern.test(type);
  } catch {
    return false;
  }
}
