// The database API (§11): database, backups (create, list, get by both paths), the archive's
// signed download URL, and that URL itself (no Authorization, expires, 403 on a bad token).
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { archiveUrl, startBackup } from '../backups.ts';
import type { SandboxCore } from '../core.ts';
import { notFound, queryString, sendJson, type Ctx, type Router } from '../http.ts';
import { type AddonState, type AppState, type BackupState } from '../state.ts';
import { backupView, databaseView } from '../views-addons.ts';

function findAddon(core: SandboxCore, addonId: string): { app: AppState; addon: AddonState } | undefined {
  for (const app of core.apps.values()) {
    const addon = app.addons.find((a) => a.id === addonId);
    if (addon) return { app, addon };
  }
  return undefined;
}

/** The DB API only lets an addon token reach its own database. */
function tokenAddon(core: SandboxCore, ctx: Ctx): { app: AppState; addon: AddonState } | undefined {
  const addonId = ctx.params.db ?? '';
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

function tokenBackup(core: SandboxCore, ctx: Ctx): BackupState | undefined {
  const found = tokenAddon(core, ctx);
  if (!found) return undefined;
  const backup = found.app.backups.find((b) => b.id === ctx.params.id && b.addonId === found.addon.id);
  if (!backup) notFound(ctx, 'backup');
  return backup;
}

export function databaseRoutes(router: Router, core: SandboxCore): void {
  router.add('GET', '/api/databases/:db', 'addon', (ctx) => {
    const found = tokenAddon(core, ctx);
    if (found) sendJson(ctx, 200, { database: databaseView(found.app, found.addon) });
  });

  router.add('POST', '/api/databases/:db/backups', 'addon', (ctx) => {
    const found = tokenAddon(core, ctx);
    if (!found) return;
    sendJson(ctx, 201, { database_backup: backupView(startBackup(core, found.app, found.addon)) });
  });

  router.add('GET', '/api/databases/:db/backups', 'addon', (ctx) => {
    const found = tokenAddon(core, ctx);
    if (!found) return;
    const list = found.app.backups.filter((b) => b.addonId === found.addon.id).reverse();
    sendJson(ctx, 200, { database_backups: list.map(backupView) });
  });

  router.add('GET', '/api/databases/:db/backups/:id', 'addon', (ctx) => {
    const backup = tokenBackup(core, ctx);
    if (backup) sendJson(ctx, 200, { database_backup: backupView(backup) });
  });

  router.add('GET', '/api/databases/:db/backups/:id/archive', 'addon', (ctx) => {
    const backup = tokenBackup(core, ctx);
    if (!backup) return;
    if (!backup.archive) return sendJson(ctx, 409, { error: `backup is ${backup.status}, not done` });
    sendJson(ctx, 200, { download_url: archiveUrl(core, backup) });
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

  // The signed URL: like an object-store link, no Authorization and a 403 for a bad or old token.
  router.add('GET', '/db-archives/:id', 'none', async (ctx) => {
    const signed = core.archiveTokens.get(queryString(ctx, 'token') ?? '');
    if (!signed || signed.backupId !== ctx.params.id || signed.expiresAt <= Date.now())
      return sendJson(ctx, 403, { error: 'invalid or expired signature' });
    const backup = [...core.apps.values()].flatMap((a) => a.backups).find((b) => b.id === signed.backupId);
    if (!backup?.archive) return sendJson(ctx, 404, { error: 'not found' });
    ctx.entry.status = 200;
    ctx.res.writeHead(200, {
      'Content-Type': 'application/gzip',
      'Content-Disposition': `attachment; filename="${basename(backup.archive)}"`,
    });
    await pipeline(createReadStream(backup.archive), ctx.res);
  });
}
