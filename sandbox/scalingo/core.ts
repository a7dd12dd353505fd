// Shared state and services of one sandbox: apps, tokens, journal, faults, timers, child
// processes and temp dirs. Routes and runners receive it; close() tears everything down.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { ProviderIds } from './catalogue.ts';
import { JwtIssuer } from './jwt.ts';
import { FaultBook, type JournalEntry } from './journal.ts';
import { makeToolsDir } from './pg-tools.ts';
import { SandboxPostgres } from './postgres.ts';
import { RateLimiter, type RateLimit } from './rate-limit.ts';
import { newApp, type AddonScenario, type AppState } from './state.ts';
import type { DeploymentStreams } from './stream.ts';
import type { User, ViewContext } from './views.ts';

export interface CoreOptions {
  apiToken: string;
  jwtLifetimeSeconds: number;
  phaseMs: number;
  streamPingMs: number;
  hookTimeoutMs: number;
  oneOffTimeoutMs: number;
  oneOffTty: boolean;
  /** From POST /run to the start operation being done. */
  oneOffStartMs: number;
  addonProvisionMs: number;
  childAppsCopy: 'nothing' | 'variables' | 'variables-and-addons';
  childAppNameMax: number;
  reviewAppName: (parent: string, number: number) => string;
  reviewAppDelayMs: number;
  reviewAppsAutoDeploy: boolean;
  manualReviewAppBody: 'empty' | 'review_app';
  reviewAppsInChildApps: boolean;
  signedUrlSeconds: number;
  addonProviderIds: ProviderIds;
}

export interface SourceSlot {
  id: string;
  uploadToken: string;
  downloadToken: string;
  file: string | null;
}

export class SandboxCore {
  readonly options: CoreOptions;
  readonly jwt: JwtIssuer;
  readonly user: User = {
    id: 'us-5a1d0000-0000-4000-8000-000000000001',
    username: 'sandbox-user',
    fullname: 'Sandbox User',
    email: 'sandbox@example.invalid',
  };
  readonly journal: JournalEntry[] = [];
  readonly faults = new FaultBook();
  readonly apps = new Map<string, AppState>();
  readonly sources = new Map<string, SourceSlot>();
  readonly tmpRoot = mkdtempSync(join(tmpdir(), 'scalingo-sandbox-'));
  readonly postgres = new SandboxPostgres();
  readonly rateLimiter: RateLimiter;
  /** By app name: an addon scenario may be set for a review app before it exists. */
  readonly addonScenarios = new Map<string, AddonScenario[]>();
  /** Signed backup-archive download tokens. */
  readonly archiveTokens = new Map<string, { backupId: string; expiresAt: number }>();
  url = '';
  streams!: DeploymentStreams;
  #closed = false;
  readonly #abort = new AbortController();
  readonly #timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  readonly #children = new Set<ChildProcess>();
  readonly #rawSockets = new Set<Duplex>();

  #toolsDir: string | undefined;

  constructor(options: CoreOptions, rateLimit: RateLimit | null) {
    this.options = options;
    this.jwt = new JwtIssuer(options.jwtLifetimeSeconds, this.user.id);
    this.rateLimiter = new RateLimiter(rateLimit);
  }

  /** Front of the PATH of one-offs and hooks: psql, pg_dump, pg_restore and dbclient-fetcher. */
  get toolsDir(): string {
    this.#toolsDir ??= makeToolsDir(join(this.tmpRoot, 'bin'));
    return this.#toolsDir;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Aborted on close: outgoing fetches (source archives) stop with the sandbox. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get view(): ViewContext {
    return { url: this.url, wsUrl: this.url.replace(/^http/, 'ws'), user: this.user, region: 'osc-fr1' };
  }

  createApp(name: string, parentName: string | null = null): AppState {
    if (this.apps.has(name)) throw new Error(`sandbox: app ${name} already exists`);
    const app = newApp(name, parentName);
    this.apps.set(name, app);
    return app;
  }

  /** By name or by id, as Scalingo allows. */
  findApp(nameOrId: string): AppState | undefined {
    return this.apps.get(nameOrId) ?? [...this.apps.values()].find((a) => a.id === nameOrId);
  }

  mustApp(name: string): AppState {
    const app = this.apps.get(name);
    if (!app) throw new Error(`sandbox: no app named ${name}; call createApp first`);
    return app;
  }

  /** Resolves after ms, or at once when the sandbox closes (callers check `closed`). */
  sleep(ms: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const slot = {
        resolve,
        timer: setTimeout(() => {
          this.#timers.delete(slot);
          resolve();
        }, ms),
      };
      this.#timers.add(slot);
    });
  }

  /** `sh -c command` in its own process group, so close() can kill what it started too. */
  spawnShell(command: string, cwd: string, env: Record<string, string>): ChildProcess {
    return this.spawnFile('sh', ['-c', command], cwd, env);
  }

  spawnFile(file: string, args: string[], cwd: string, env: Record<string, string>): ChildProcess {
    const child = spawn(file, args, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.#children.add(child);
    child.on('exit', () => this.#children.delete(child));
    child.on('error', () => this.#children.delete(child));
    return child;
  }

  killGroup(child: ChildProcess): void {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }

  /** CONNECT sockets leave the HTTP server's bookkeeping: close() destroys them itself. */
  trackSocket(socket: Duplex): void {
    this.#rawSockets.add(socket);
    socket.once('close', () => this.#rawSockets.delete(socket));
  }

  tempDir(prefix: string): string {
    return mkdtempSync(join(this.tmpRoot, `${prefix}-`));
  }

  close(): void {
    this.#closed = true;
    this.#abort.abort();
    for (const slot of this.#timers) {
      clearTimeout(slot.timer);
      slot.resolve();
    }
    this.#timers.clear();
    for (const child of this.#children) this.killGroup(child);
    this.#children.clear();
    for (const socket of this.#rawSockets) socket.destroy();
    this.#rawSockets.clear();
  }

  removeTemp(): void {
    rmSync(this.tmpRoot, { recursive: true, force: true });
  }
}
