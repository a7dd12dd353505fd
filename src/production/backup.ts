import { ConfigurationError } from '../shared/errors.ts';
import { formatDuration } from '../shared/duration.ts';
import type { Logger } from '../shared/logger.ts';
import { isDatabaseAddon } from '../scalingo/addon-catalog.ts';
import type { Addon, Backup } from '../scalingo/types.ts';
import type { BackupScalingo } from './ports.ts';

export type BackupMode = 'auto' | 'true' | 'false';

export interface BackupTaken {
  addon: string;
  provider: string;
  backupId: string;
  name: string;
}

export interface BackupResult {
  /** Why no backup was taken, when none was. */
  skipped?: string;
  backups: BackupTaken[];
}

/**
 * Backs up every database addon of the app and waits until each is `done`. A backup that ends in
 * `error`, is cancelled, or is not done when `timeoutMs` has passed stops the release: nothing has
 * been deployed yet. `timeoutMs` bounds the whole step (every database, requests and retries).
 */
export async function takeBackups(
  scalingo: BackupScalingo,
  logger: Logger,
  options: { app: string; mode: BackupMode; timeoutMs: number; intervalMs?: number },
): Promise<BackupResult> {
  if (options.mode === 'false') return { skipped: 'backup: false', backups: [] };
  const databases = (await scalingo.addons.list(options.app)).filter(isDatabaseAddon);
  if (databases.length === 0) {
    if (options.mode === 'auto')
      return { skipped: `${options.app} has no PostgreSQL, MySQL or MongoDB addon`, backups: [] };
    throw new ConfigurationError(
      `Input 'backup': true, but ${options.app} has no PostgreSQL, MySQL or MongoDB addon to back up. Nothing was deployed. Set \`backup: auto\` (or false) for apps without a database.`,
    );
  }
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const backups: BackupTaken[] = [];
  for (const addon of databases) backups.push(await backupOne(scalingo, logger, { ...options, deadline }, addon));
  return { backups };
}

async function backupOne(
  scalingo: BackupScalingo,
  logger: Logger,
  options: { app: string; timeoutMs: number; intervalMs?: number; deadline: AbortSignal },
  addon: Addon,
): Promise<BackupTaken> {
  const provider = addon.addon_provider.name || addon.addon_provider.id;
  const started = Date.now();
  const within = `within ${formatDuration(options.timeoutMs)} (\`backup-timeout\`, requests and retries included)`;
  const stopped = (what: string, seen: string, cause: unknown): ConfigurationError =>
    new ConfigurationError(
      `The ${provider} backup ${what} (${seen}${options.deadline.aborted ? `not done ${within}` : (cause as Error).message}). ` +
        'Nothing was deployed: production still runs the previous version. Check the backup in the Scalingo dashboard (database > Backups), then run the release again, or raise `backup-timeout` if the database is large.',
    );
  let created: Backup;
  try {
    // The client fetches (and masks) the addon token the database API wants before the create.
    created = await scalingo.backups.create(options.app, addon.id, { signal: options.deadline });
  } catch (error) {
    throw stopped(`of ${addon.id} could not be started`, '', error);
  }
  logger.info(`Backup ${created.id} of ${provider} (${addon.id}) requested: ${created.status}`);
  let last: Backup = created;
  try {
    last = await scalingo.backups.waitDone(options.app, addon.id, created.id, {
      timeoutMs: options.timeoutMs,
      signal: options.deadline,
      ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
      onStatus: (backup) => {
        if (backup.status !== last.status) logger.info(`Backup ${backup.id}: ${backup.status}`);
        last = backup;
      },
    });
  } catch (error) {
    const elapsed = formatDuration(Date.now() - started);
    throw stopped(`${created.id} did not complete`, `last status '${last.status}' after ${elapsed}: `, error);
  }
  logger.info(`Backup ${last.id} of ${provider} done (${last.size} bytes) in ${formatDuration(Date.now() - started)}`);
  return { addon: addon.id, provider, backupId: last.id, name: last.name };
}
