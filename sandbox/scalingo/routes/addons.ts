// Addons list, addon tokens, and the database API (database, backups create/get/list).
import type { SandboxCore } from '../core.ts';
import { notFound, sendJson, type Ctx, type Router } from '../http.ts';
import { now, objectId, takeScenario, type AddonState, type AppState, type BackupState } from '../state.ts';
import { addonView, backupView, databaseView } from '../views-addons.ts';
import { pathApp } from './apps.ts';

function findAddon(core: SandboxCore, addonId: string): { app: AppState; addon: AddonState } | undefined {
  for (const app of core.apps.values()) {
    const addon = app.addons.find((a) => a.id === addonId);
    if (addon) return { app, addon };
  }
  return undefined;
}

/** The DB API only lets an addon token reach its own database. */
function tokenAddon(core: SandboxCore, ctx: Ctx, addonId: string): { app: AppState; addon: AddonState } | undefined {
  const found = findAddon(core, addonId);
  if (!found) {
    notFound(ctx, 'database');
    return undefined;
  }
  if (ctx.claims?.addon_uuid !== addonId) {
    sendJson(ctx, 403, { error: 'forbidden', code: 'forbidden' });
    return undefined;
  }
  return found;
}

function runBackup(core: SandboxCore, app: AppState, backup: BackupState, fails: boolean): void {
  void (async () => {
    await core.sleep(core.options.phaseMs);
    if (core.closed) return;
    backup.status = 'running';
    backup.startedAt = now();
    await core.sleep(core.options.phaseMs);
    if (core.closed) return;
    backup.status = fails ? 'error' : 'done';
    backup.size = fails ? 0 : 1_048_576 + app.variables.length;
  })();
}

export function addonRoutes(router: Router, core: SandboxCore): void {
  router.add('GET', '/v1/apps/:app/addons', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (app) sendJson(ctx, 200, { addons: app.addons.map((a) => addonView(app, a)) });
  });

  router.add('POST', '/v1/apps/:app/addons/:id/token', 'user', (ctx) => {
    const app = pathApp(core, ctx);
    if (!app) return;
    const addon = app.addons.find((a) => a.id === ctx.params.id);
    if (!addon) return notFound(ctx, 'addon');
    sendJson(ctx, 200, { addon: { ...addonView(app, addon), token: core.jwt.issue({ addon_uuid: addon.id }) } });
  });

  router.add('GET', '/api/databases/:db', 'addon', (ctx) => {
    const found = tokenAddon(core, ctx, ctx.params.db ?? '');
    if (found) sendJson(ctx, 200, { database: databaseView(found.app, found.addon) });
  });

  router.add('POST', '/api/databases/:db/backups', 'addon', (ctx) => {
    const found = tokenAddon(core, ctx, ctx.params.db ?? '');
    if (!found) return;
    const { app, addon } = found;
    const createdAt = now();
    const backup: BackupState = {
      id: objectId(),
      addonId: addon.id,
      createdAt,
      startedAt: null,
      name: `${createdAt.replace(/[-:T]/g, '').slice(0, 14)}_${addon.resourceId}`,
      size: 0,
      status: 'scheduled',
    };
    app.backups.push(backup);
    runBackup(core, app, backup, takeScenario(app.scenarios.backup)?.status === 'error');
    sendJson(ctx, 201, { database_backup: backupView(backup) });
  });

  router.add('GET', '/api/databases/:db/backups', 'addon', (ctx) => {
    const found = tokenAddon(core, ctx, ctx.params.db ?? '');
    if (!found) return;
    const list = found.app.backups.filter((b) => b.addonId === found.addon.id).reverse();
    sendJson(ctx, 200, { database_backups: list.map(backupView) });
  });

  router.add('GET', '/api/databases/:db/backups/:id', 'addon', (ctx) => {
    const found = tokenAddon(core, ctx, ctx.params.db ?? '');
    if (!found) return;
    const backup = found.app.backups.find((b) => b.id === ctx.params.id && b.addonId === found.addon.id);
    if (!backup) return notFound(ctx, 'backup');
    sendJson(ctx, 200, { database_backup: backupView(backup) });
  });

  // The path go-scalingo and the CLI poll: the backup id alone, checked against the token's addon.
  router.add('GET', '/api/backups/:id', 'addon', (ctx) => {
    for (const app of core.apps.values()) {
      const backup = app.backups.find((b) => b.id === ctx.params.id);
      if (!backup) continue;
      if (ctx.claims?.addon_uuid !== backup.addonId)
        return sendJson(ctx, 403, { error: 'forbidden', code: 'forbidden' });
      return sendJson(ctx, 200, { database_backup: backupView(backup) });
    }
    notFound(ctx, 'backup');
  });
}
