// startSandbox(): a loopback Scalingo API (auth, regional API, database API, deployment stream,
// one-off attach) for tests and for `npm run sandbox`. See README.md beside this file.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { controls } from './controls.ts';
import { SandboxCore } from './core.ts';
import { Router } from './http.ts';
import { attachHandler } from './one-off.ts';
import { addonRoutes } from './routes/addons.ts';
import { appRoutes } from './routes/apps.ts';
import { authRoutes } from './routes/auth.ts';
import { childAppRoutes } from './routes/child-apps.ts';
import { containerRoutes } from './routes/containers.ts';
import { databaseRoutes } from './routes/databases.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { oneOffRoutes } from './routes/one-off.ts';
import { processRoutes } from './routes/processes.ts';
import { scmRoutes } from './routes/scm.ts';
import { sourceRoutes } from './routes/sources.ts';
import { variableRoutes } from './routes/variables.ts';
import { sandboxServer } from './server.ts';
import { DeploymentStreams } from './stream.ts';
import type { Sandbox, SandboxOptions } from './types.ts';

export type { JournalEntry, FaultRule } from './journal.ts';
export type { RateLimit } from './rate-limit.ts';
export type { PullRequestInput } from './review-apps.ts';
export type {
  AddonKind,
  AddonScenario,
  AppState,
  BackupScenario,
  DeploymentScenario,
  OneOffScenario,
  RestartScenario,
  ScmSettings,
} from './state.ts';
export type { AddonSpec, CreateAppOptions, Sandbox, SandboxDatabase, SandboxOptions } from './types.ts';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const phaseMs = options.phaseMs ?? 60;
  const core = new SandboxCore(
    {
      apiToken: options.apiToken ?? `tk-us-sandbox-${randomBytes(18).toString('hex')}`,
      jwtLifetimeSeconds: options.jwtLifetimeSeconds ?? 3600,
      phaseMs,
      streamPingMs: options.streamPingMs ?? 5000,
      hookTimeoutMs: options.hookTimeoutMs ?? 120_000,
      oneOffTimeoutMs: options.oneOffTimeoutMs ?? 120_000,
      oneOffTty: options.oneOffTty ?? false,
      oneOffStartMs: options.oneOffStartMs ?? phaseMs,
      addonProvisionMs: options.addonProvisionMs ?? 3 * phaseMs,
      childAppsCopy: options.childAppsCopy ?? 'variables',
      childAppNameMax: options.childAppNameMax ?? 48,
      reviewAppName: options.reviewAppName ?? ((parent, number) => `${parent}-pr${number}`),
      reviewAppDelayMs: options.reviewAppDelayMs ?? 0,
      reviewAppsAutoDeploy: options.reviewAppsAutoDeploy ?? true,
      manualReviewAppBody: options.manualReviewAppBody ?? 'empty',
      reviewAppsInChildApps: options.reviewAppsInChildApps ?? true,
      signedUrlSeconds: options.signedUrlSeconds ?? 600,
      addonProviderIds: options.addonProviderIds ?? 'short',
    },
    options.rateLimit ?? null,
  );
  core.streams = new DeploymentStreams(core);
  const router = new Router();
  for (const register of [
    authRoutes,
    appRoutes,
    childAppRoutes,
    containerRoutes,
    processRoutes,
    deploymentRoutes,
    sourceRoutes,
    oneOffRoutes,
    variableRoutes,
    addonRoutes,
    databaseRoutes,
    scmRoutes,
  ])
    register(router, core);
  const server = sandboxServer(core, router, attachHandler(core));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  core.url = options.publicHost ? `https://${options.publicHost}:${port}` : `http://127.0.0.1:${port}`;
  // A listening socket only: the PostgreSQL server starts on the first database connection.
  await core.postgres.listen();

  return {
    url: core.url,
    apiUrl: core.url,
    authUrl: core.url,
    dbApiUrl: core.url,
    apiToken: core.options.apiToken,
    journal: core.journal,
    ...controls(core),
    async close() {
      core.close();
      core.streams.close();
      server.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), core.postgres.close()]);
      core.removeTemp();
    },
  };
}
