// startSandbox(): a loopback Scalingo API (auth, regional API, database API, deployment stream,
// one-off attach) for tests and for `npm run sandbox`. See README.md beside this file.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SandboxCore } from './core.ts';
import { Router } from './http.ts';
import { isMutation, type FaultRule, type JournalEntry } from './journal.ts';
import { attachHandler } from './one-off.ts';
import { addonRoutes } from './routes/addons.ts';
import { appRoutes } from './routes/apps.ts';
import { authRoutes } from './routes/auth.ts';
import { containerRoutes } from './routes/containers.ts';
import { createDeployment, deploymentRoutes } from './routes/deployments.ts';
import { oneOffRoutes } from './routes/one-off.ts';
import { scmRoutes } from './routes/scm.ts';
import { sourceRoutes } from './routes/sources.ts';
import { variableRoutes } from './routes/variables.ts';
import { sandboxServer } from './server.ts';
import {
  objectId,
  now,
  uuid,
  type AddonKind,
  type AppState,
  type BackupScenario,
  type DeploymentScenario,
  type OneOffScenario,
} from './state.ts';
import { DeploymentStreams } from './stream.ts';

export type { JournalEntry, FaultRule } from './journal.ts';
export type { AppState, DeploymentScenario, OneOffScenario, BackupScenario, AddonKind } from './state.ts';

export interface SandboxOptions {
  /** Loopback port to listen on (default: any free one). */
  port?: number;
  apiToken?: string;
  jwtLifetimeSeconds?: number;
  phaseMs?: number;
  streamPingMs?: number;
  hookTimeoutMs?: number;
  oneOffTimeoutMs?: number;
  /** Send one-off output as a TTY does (`\r\n` line endings), like the real attach. Default false. */
  oneOffTty?: boolean;
}

export interface CreateAppOptions {
  variables?: Record<string, string>;
  addons?: AddonKind[];
  scmRepoLink?: { owner: string; repo: string; branch: string; headSha?: string; sourceUrl?: string };
  status?: string;
}

export interface Sandbox {
  url: string;
  apiUrl: string;
  authUrl: string;
  dbApiUrl: string;
  apiToken: string;
  journal: JournalEntry[];
  mutations(): JournalEntry[];
  createApp(name: string, options?: CreateAppOptions): void;
  deploymentScenario(app: string, scenario: DeploymentScenario): void;
  startDeployment(app: string, options: { gitRef: string; phaseMs?: number }): string;
  oneOffScenario(app: string, scenario: OneOffScenario): void;
  backupScenario(app: string, scenario: BackupScenario): void;
  fault(rule: FaultRule): void;
  dropStreams(app?: string): void;
  dropStreamAfterFrames(app: string, frames: number): void;
  /** Deployment streams open and authenticated now (of one app, or all). */
  streamCount(app?: string): number;
  webStatus(app: string, status: number): void;
  releaseDir(app: string): string | undefined;
  app(name: string): AppState;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const core = new SandboxCore({
    apiToken: options.apiToken ?? `tk-us-sandbox-${randomBytes(18).toString('hex')}`,
    jwtLifetimeSeconds: options.jwtLifetimeSeconds ?? 3600,
    phaseMs: options.phaseMs ?? 60,
    streamPingMs: options.streamPingMs ?? 5000,
    hookTimeoutMs: options.hookTimeoutMs ?? 120_000,
    oneOffTimeoutMs: options.oneOffTimeoutMs ?? 120_000,
    oneOffTty: options.oneOffTty ?? false,
  });
  core.streams = new DeploymentStreams(core);
  const router = new Router();
  for (const register of [
    authRoutes,
    appRoutes,
    containerRoutes,
    deploymentRoutes,
    sourceRoutes,
    oneOffRoutes,
    variableRoutes,
    addonRoutes,
    scmRoutes,
  ])
    register(router, core);
  const server = sandboxServer(core, router, attachHandler(core));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  core.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sandbox: Sandbox = {
    url: core.url,
    apiUrl: core.url,
    authUrl: core.url,
    dbApiUrl: core.url,
    apiToken: core.options.apiToken,
    journal: core.journal,
    mutations: () => core.journal.filter(isMutation),
    createApp(name, appOptions = {}) {
      const app = core.createApp(name);
      if (appOptions.status) app.status = appOptions.status;
      for (const [key, value] of Object.entries(appOptions.variables ?? {}))
        app.variables.push({ id: objectId(), name: key, value });
      for (const kind of appOptions.addons ?? []) addAddon(core.url, app, kind);
      const link = appOptions.scmRepoLink;
      if (link) {
        app.scmRepoLink = {
          id: uuid(),
          owner: link.owner,
          repo: link.repo,
          branch: link.branch,
          headSha: link.headSha ?? randomBytes(20).toString('hex'),
          createdAt: now(),
          ...(link.sourceUrl ? { sourceUrl: link.sourceUrl } : {}),
        };
      }
    },
    deploymentScenario: (app, scenario) => void core.mustApp(app).scenarios.deployment.push({ ...scenario }),
    startDeployment(app, deployOptions) {
      const params = { sourceUrl: null, gitRef: deployOptions.gitRef, type: 'archive', outOfBand: true };
      return createDeployment(
        core,
        core.mustApp(app),
        deployOptions.phaseMs !== undefined ? { ...params, phaseMs: deployOptions.phaseMs } : params,
      ).id;
    },
    oneOffScenario: (app, scenario) => void core.mustApp(app).scenarios.oneOff.push({ ...scenario }),
    backupScenario: (app, scenario) => void core.mustApp(app).scenarios.backup.push({ ...scenario }),
    fault: (rule) => core.faults.add(rule),
    dropStreams: (app) => core.streams.drop(app),
    dropStreamAfterFrames: (app, frames) => core.streams.dropAfterFrames(app, frames),
    streamCount: (app) => core.streams.count(app),
    webStatus: (app, status) => void (core.mustApp(app).webStatus = status),
    releaseDir: (app) => core.mustApp(app).releaseDir,
    app: (name) => core.mustApp(name),
    async close() {
      core.close();
      core.streams.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      core.removeTemp();
    },
  };
  return sandbox;
}

/** The addon, and the variable Scalingo sets for it (SCALINGO_POSTGRESQL_URL...). */
function addAddon(url: string, app: AppState, kind: AddonKind): void {
  const resourceId = `${app.name.replace(/-/g, '_')}_${randomBytes(2).toString('hex')}`;
  app.addons.push({ id: `ad-${uuid()}`, kind, resourceId, provisionedAt: now() });
  const scheme = kind === 'postgresql' ? 'postgres' : kind;
  const host = new URL(url).host;
  app.variables.push({
    id: objectId(),
    name: `SCALINGO_${kind.toUpperCase()}_URL`,
    value: `${scheme}://${resourceId}:sandbox-password@${host}/${resourceId}`,
  });
}
