// The real PostgreSQL behind PostgreSQL addons: one-offs reach it through DATABASE_URL with the
// client tools on PATH, backups are real pg_dump archives behind a signed URL, close() stops it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientTools } from '../../../sandbox/scalingo/pg-tools.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/scalingo/index.ts';
import { attach, basicCall, call, exchange, scratchDir, until } from './test-helpers.ts';

const tools = clientTools();
// What `curl -o backup.tar.gz URL` does in a real one-off (curl may be missing here; node is not).
const DOWNLOAD = [
  'fetch(process.argv[1]).then(async (r) =>',
  "require('fs').writeFileSync('backup.tar.gz', Buffer.from(await r.arrayBuffer())))",
].join(' ');
const withTools = tools
  ? 'with the machine PostgreSQL client tools'
  : 'skipped: no psql/pg_dump/pg_restore on this machine (Debian: postgresql-client)';

let sandbox: Sandbox;
let jwt: string;

async function start(options: SandboxOptions = {}): Promise<void> {
  sandbox = await startSandbox({ phaseMs: 10, ...options });
  sandbox.createApp('my-app', { addons: ['postgresql'], variables: { DATABASE_URL: '$SCALINGO_POSTGRESQL_URL' } });
  jwt = await exchange(sandbox);
}

beforeEach(() => start());
afterEach(async () => {
  await sandbox.close();
});

/** Runs an attached one-off and returns its output and exit code. */
async function oneOff(app: string, command: string): Promise<{ output: string; code: number }> {
  const run = await call(sandbox, jwt, 'POST', `/v1/apps/${app}/run`, { command });
  const op = await until(async () => {
    const o = (await call(sandbox, jwt, 'GET', `/v1/apps/${app}/operations/${run.body.operation}`)).body.operation;
    return o.status === 'done' ? o : undefined;
  });
  const session = await attach(op.start_one_off_data.attach_url, jwt);
  const wait = await basicCall(`${op.start_one_off_data.attach_url}/wait`, jwt);
  return { output: session.output, code: wait.body.exit_code };
}

async function backup(app: string): Promise<{ addonId: string; token: string; backupId: string }> {
  const addonId = sandbox.database(app).addonId;
  const token = (await call(sandbox, jwt, 'POST', `/v1/apps/${app}/addons/${addonId}/token`, {})).body.addon.token;
  const created = await call(sandbox, token, 'POST', `/api/databases/${addonId}/backups`);
  const backupId = created.body.database_backup.id as string;
  await until(async () => {
    const b = (await call(sandbox, token, 'GET', `/api/backups/${backupId}`)).body.database_backup;
    return b.status === 'done' ? true : undefined;
  });
  return { addonId, token, backupId };
}

/** Cluster directories of this machine (pg-install.ts puts them on /dev/shm when it can). */
function clusterDirs(): string[] {
  const root = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  return readdirSync(root).filter((d) => d.startsWith('scalingo-sandbox-pg-') && !d.includes('template'));
}

function postgresChildren(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => /postgres/.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe('the sandbox PostgreSQL', () => {
  it('starts nothing while no database is touched, and stops and removes everything on close', async () => {
    expect(postgresChildren()).toEqual([]);
    await sandbox.database('my-app').query('SELECT 1');
    const [pid] = postgresChildren();
    expect(pid).toBeGreaterThan(0);
    const before = clusterDirs();
    await sandbox.close();
    expect(postgresChildren()).toEqual([]);
    expect(clusterDirs().length).toBe(before.length - 1);
    await start(); // for afterEach
  });

  it('answers GET /api/databases/:db with status running', async () => {
    const addonId = sandbox.database('my-app').addonId;
    const token = (await call(sandbox, jwt, 'POST', `/v1/apps/my-app/addons/${addonId}/token`, {})).body.addon.token;
    expect((await call(sandbox, token, 'GET', `/api/databases/${addonId}`)).body.database).toMatchObject({
      id: addonId,
      type_name: 'postgresql',
      status: 'running',
    });
  });
});

describe.skipIf(!tools)(`one-offs and backups ${withTools}`, () => {
  it('lets a one-off reach its database through DATABASE_URL with psql on PATH', async () => {
    await sandbox.database('my-app').query("CREATE TABLE items (name text); INSERT INTO items VALUES ('a'), ('b')");
    const res = await oneOff('my-app', 'psql "$DATABASE_URL" -Atc "SELECT count(*) FROM items"');
    expect(res).toEqual({ output: '2\n', code: 0 });
  });

  it('makes a real pg_dump backup, downloadable from a signed URL without Authorization', async () => {
    await sandbox.database('my-app').query('CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2), (3)');
    const { addonId, token, backupId } = await backup('my-app');
    const archive = await call(sandbox, token, 'GET', `/api/databases/${addonId}/backups/${backupId}/archive`);
    expect(archive.status).toBe(200);
    const url = archive.body.download_url as string;
    expect(url).toMatch(/\?token=[0-9a-f]+$/);
    const download = await fetch(url);
    expect(download.status).toBe(200);
    const dir = scratchDir('backup');
    writeFileSync(join(dir, 'backup.tar.gz'), Buffer.from(await download.arrayBuffer()));
    execFileSync('tar', ['-xzf', 'backup.tar.gz'], { cwd: dir });
    const dump = readdirSync(dir).find((f) => f.endsWith('.pgsql')) ?? '';
    const listing = execFileSync(tools?.pg_restore ?? '', ['--list', join(dir, dump)], { encoding: 'utf8' });
    expect(listing).toMatch(/TABLE public orders/);
    expect((await fetch(url.replace(/token=.*/, 'token=bad'))).status).toBe(403);
    expect((await call(sandbox, token, 'GET', `/api/databases/${addonId}/backups/${backupId}`)).body).toMatchObject({
      database_backup: { status: 'done', size: expect.any(Number) },
    });
  });

  it('expires signed archive URLs', async () => {
    await sandbox.close();
    await start({ signedUrlSeconds: 0.2 });
    const { addonId, token, backupId } = await backup('my-app');
    const { download_url: url } = (
      await call(sandbox, token, 'GET', `/api/databases/${addonId}/backups/${backupId}/archive`)
    ).body;
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(url)).status).toBe(403);
  });

  it('restores a backup into another app from a one-off: dbclient-fetcher, pg_restore into $DATABASE_URL', async () => {
    await sandbox.database('my-app').query("CREATE TABLE users (name text); INSERT INTO users VALUES ('ada')");
    const { addonId, token, backupId } = await backup('my-app');
    const { download_url: url } = (
      await call(sandbox, token, 'GET', `/api/databases/${addonId}/backups/${backupId}/archive`)
    ).body;
    sandbox.createApp('my-app-pr7', {
      addons: ['postgresql'],
      variables: { DATABASE_URL: '$SCALINGO_POSTGRESQL_URL' },
    });
    const restore = [
      'dbclient-fetcher postgresql',
      `node -e "${DOWNLOAD}" "${url}"`,
      'tar -xzf backup.tar.gz',
      'pg_restore --clean --if-exists --no-owner --no-privileges --no-comments --dbname "$DATABASE_URL" *.pgsql',
    ].join(' && ');
    const res = await oneOff('my-app-pr7', restore);
    expect(res.code).toBe(0);
    expect(res.output).toMatch(/dbclient-fetcher: postgresql client tools are available/);
    expect(await sandbox.database('my-app-pr7').query('SELECT name FROM users')).toEqual([{ name: 'ada' }]);
  });
});
