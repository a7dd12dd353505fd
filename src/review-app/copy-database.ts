// `database: copy-of-parent`: the review app's PostgreSQL starts as a copy of the parent's latest
// `done` backup. Scalingo has no API for it (wave-2 facts §18): a one-off in the review app downloads
// the archive through its signed URL (masked; passed in the one-off's environment, never on the
// command line) and restores it with pg_restore, as Scalingo's own guide does. The parent is only read.
import { isDatabaseAddon } from '../scalingo/addon-catalog.ts';
import type { ScalingoApi } from '../scalingo/api.ts';
import { ConfigurationError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';

const RESTORE =
  'dbclient-fetcher postgresql && d=$(mktemp -d) && curl -fsSL "$BACKUP_ARCHIVE_URL" -o "$d/backup.tar.gz" && ' +
  'tar -xzf "$d/backup.tar.gz" -C "$d" && pg_restore --clean --if-exists --no-owner --no-privileges --no-comments ' +
  '--dbname "$DATABASE_URL" "$(find "$d" -name \'*.pgsql\' | head -n 1)"';

const isPostgres = (a: { addon_provider: { id: string; name: string } }) =>
  /postgres/i.test(a.addon_provider.id) || /postgres/i.test(a.addon_provider.name);

export async function restoreCommand(
  deps: { scalingo: ScalingoApi; logger: Logger },
  params: { app: string; parent: string },
): Promise<{ command: string; env: Record<string, string>; label: string }> {
  const { scalingo } = deps;
  const parentDb = (await scalingo.addons.list(params.parent)).find((a) => isDatabaseAddon(a) && isPostgres(a));
  if (!parentDb) {
    throw new ConfigurationError(
      `Input 'database': copy-of-parent needs a PostgreSQL addon on ${params.parent}, and it has none.`,
    );
  }
  if (!(await scalingo.addons.list(params.app)).some(isPostgres)) {
    throw new ConfigurationError(
      `Input 'database': copy-of-parent restores into the review app's own PostgreSQL: add one to \`addons\` (e.g. postgresql:postgresql-starter-512).`,
    );
  }
  const done = (await scalingo.backups.list(params.parent, parentDb.id))
    .filter((b) => b.status === 'done')
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  const latest = done[0];
  if (!latest) {
    throw new ConfigurationError(
      `Input 'database': ${params.parent} has no done backup to copy yet. Take one (\`scalingo --app ${params.parent} backups-create\`) or turn on periodic backups.`,
    );
  }
  const url = await scalingo.backups.archiveUrl(params.parent, parentDb.id, latest.id);
  deps.logger.info(`Restoring ${params.parent}'s backup ${latest.name} (${latest.created_at}) into ${params.app}.`);
  return { command: RESTORE, env: { BACKUP_ARCHIVE_URL: url }, label: `${params.parent}'s backup ${latest.name}` };
}
