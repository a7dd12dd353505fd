// Database backups: scheduled → running → done | error, one phase each. A PostgreSQL addon's
// backup is a real `pg_dump --format=custom` of its database, packed like Scalingo's backups:
// `<name>.tar.gz` holding `<name>.pgsql`. Other kinds (no server behind them), or a machine
// without the client tools, get the same archive around a text file saying there is no dump.
import { randomBytes } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxCore } from './core.ts';
import { clientTools } from './pg-tools.ts';
import { now, objectId, takeScenario, type AddonState, type AppState, type BackupState } from './state.ts';

const EXTENSIONS: Record<string, string> = { postgresql: 'pgsql', mysql: 'sql', mongodb: 'archive', redis: 'rdb' };

function run(core: SandboxCore, file: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = core.spawnFile(file, args, cwd, { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' });
    child.stdin?.end();
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (error) => resolve({ code: 127, output: error.message }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** Dumps the database and packs it; throws with pg_dump's words when it fails. */
async function makeArchive(core: SandboxCore, addon: AddonState, backup: BackupState): Promise<string> {
  const dir = core.tempDir('backup');
  const dumpName = `${backup.name}.${EXTENSIONS[addon.kind] ?? 'dump'}`;
  const dump = join(dir, dumpName);
  const tools = clientTools();
  if (addon.kind === 'postgresql' && tools) {
    const url = core.postgres.url({ name: addon.resourceId, password: addon.password });
    const dumped = await run(core, tools.pg_dump, ['--format=custom', '--no-password', `--file=${dump}`, url], dir);
    if (dumped.code !== 0) throw new Error(`pg_dump failed: ${dumped.output.trim()}`);
  } else {
    const why = addon.kind === 'postgresql' ? 'no pg_dump on this machine' : `no ${addon.kind} server in the sandbox`;
    writeFileSync(dump, `Scalingo sandbox backup of ${addon.resourceId}: no dump (${why}).\n`);
  }
  const archive = join(dir, `${backup.name}.tar.gz`);
  const packed = await run(core, 'tar', ['-czf', archive, '-C', dir, dumpName], dir);
  if (packed.code !== 0) throw new Error(`tar failed: ${packed.output.trim()}`);
  return archive;
}

export function runBackup(core: SandboxCore, addon: AddonState, backup: BackupState, fails: boolean): void {
  void (async () => {
    await core.sleep(core.options.phaseMs);
    if (core.closed) return;
    backup.status = 'running';
    backup.startedAt = now();
    const [archive] = await Promise.all([
      fails ? Promise.resolve(undefined) : makeArchive(core, addon, backup).catch(() => undefined),
      core.sleep(core.options.phaseMs),
    ]);
    if (core.closed) return;
    if (!archive) {
      backup.status = 'error';
      backup.size = 0;
      return;
    }
    backup.archive = archive;
    backup.size = statSync(archive).size;
    backup.status = 'done';
  })();
}

/** A backup of the addon's database, `scheduled` now, run in the background (the route's and the daily one). */
export function startBackup(core: SandboxCore, app: AppState, addon: AddonState): BackupState {
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
  runBackup(core, addon, backup, takeScenario(app.scenarios.backup)?.status === 'error');
  return backup;
}

/** A pre-signed download URL for a done backup's archive, valid `signedUrlSeconds`. */
export function archiveUrl(core: SandboxCore, backup: BackupState): string {
  const token = randomBytes(16).toString('hex');
  core.archiveTokens.set(token, { backupId: backup.id, expiresAt: Date.now() + core.options.signedUrlSeconds * 1000 });
  return `${core.url}/db-archives/${backup.id}?token=${token}`;
}
