// The Sandbox handle's methods: declaring apps and pull requests, scenarios, faults, database
// access and runtime settings, over one SandboxCore.
import { randomBytes } from 'node:crypto';
import { planOf, providerOfKind } from './catalogue.ts';
import type { SandboxCore } from './core.ts';
import { isMutation } from './journal.ts';
import { startBackup } from './backups.ts';
import { provisionAddon } from './provisioning.ts';
import { closePullRequest, declarePullRequest } from './review-apps.ts';
import { createDeployment } from './routes/deployments.ts';
import { now, objectId, uuid } from './state.ts';
import type { CreateAppOptions, Sandbox } from './types.ts';

const DEFAULT_SETTINGS = {
  auto_deploy_enabled: true,
  deploy_review_apps_enabled: true,
  delete_on_close_enabled: true,
  hours_before_delete_on_close: 0,
  delete_stale_enabled: false,
  hours_before_delete_stale: 0,
  automatic_creation_from_forks_allowed: false,
};

function createApp(core: SandboxCore, name: string, options: CreateAppOptions): void {
  if (options.parent) core.mustApp(options.parent);
  const app = core.createApp(name, options.parent ?? null);
  if (options.status) app.status = options.status;
  for (const [key, value] of Object.entries(options.variables ?? {}))
    app.variables.push({ id: objectId(), name: key, value });
  for (const spec of options.addons ?? []) {
    const provider = providerOfKind(typeof spec === 'string' ? spec : spec.kind);
    const plan = planOf(provider, typeof spec === 'string' ? provider.defaultPlan : spec.plan);
    if (!plan) throw new Error(`sandbox: ${provider.id} has no plan ${typeof spec === 'string' ? '' : spec.plan}`);
    provisionAddon(core, app, provider, plan, { aliases: false, immediate: true });
  }
  const link = options.scmRepoLink;
  if (link) {
    app.scmRepoLink = {
      id: uuid(),
      owner: link.owner,
      repo: link.repo,
      branch: link.branch,
      headSha: link.headSha ?? randomBytes(20).toString('hex'),
      createdAt: now(),
      settings: { ...DEFAULT_SETTINGS, ...link.settings },
      pulls: new Map(),
      pullsDeclared: false,
      ...(link.sourceUrl ? { sourceUrl: link.sourceUrl } : {}),
    };
  }
}

type Controls = Omit<Sandbox, 'url' | 'apiUrl' | 'authUrl' | 'dbApiUrl' | 'apiToken' | 'journal' | 'close'>;

export function controls(core: SandboxCore): Controls {
  return {
    mutations: () => core.journal.filter(isMutation),
    createApp: (name, options = {}) => createApp(core, name, options),
    deploymentScenario: (app, scenario) => void core.mustApp(app).scenarios.deployment.push({ ...scenario }),
    startDeployment(app, options) {
      const params = { sourceUrl: null, gitRef: options.gitRef, type: 'archive', outOfBand: true };
      const phased = options.phaseMs !== undefined ? { ...params, phaseMs: options.phaseMs } : params;
      return createDeployment(core, core.mustApp(app), phased).id;
    },
    oneOffScenario: (app, scenario) => void core.mustApp(app).scenarios.oneOff.push({ ...scenario }),
    backupScenario: (app, scenario) => void core.mustApp(app).scenarios.backup.push({ ...scenario }),
    addonScenario(app, scenario) {
      const queue = core.addonScenarios.get(app) ?? [];
      queue.push({ ...scenario });
      core.addonScenarios.set(app, queue);
    },
    async takeBackup(app, addonId) {
      const state = core.mustApp(app);
      const addon = state.addons.find((a) => (addonId === undefined ? a.kind === 'postgresql' : a.id === addonId));
      if (!addon) throw new Error(`sandbox: app ${app} has no ${addonId ? `addon ${addonId}` : 'PostgreSQL addon'}`);
      const backup = startBackup(core, state, addon);
      while (backup.status === 'scheduled' || backup.status === 'running') await core.sleep(10);
      return backup;
    },
    restartScenario: (app, scenario) => void core.mustApp(app).scenarios.restart.push({ ...scenario }),
    database(app, addonId) {
      const addon = core
        .mustApp(app)
        .addons.find((a) => a.kind === 'postgresql' && (addonId === undefined || a.id === addonId));
      if (!addon) throw new Error(`sandbox: app ${app} has no PostgreSQL addon${addonId ? ` ${addonId}` : ''}`);
      return {
        addonId: addon.id,
        url: core.postgres.url({ name: addon.resourceId, password: addon.password }),
        query: (sql) => core.postgres.query(addon.resourceId, sql),
      };
    },
    pullRequest: (parent, pr) => void declarePullRequest(core, parent, pr),
    closePullRequest: (parent, number) => closePullRequest(core, parent, number),
    setOneOffStartMs: (ms) => void (core.options.oneOffStartMs = ms),
    setRateLimit: (limit) => core.rateLimiter.set(limit),
    fault: (rule) => core.faults.add(rule),
    dropStreams: (app) => core.streams.drop(app),
    dropStreamAfterFrames: (app, frames) => core.streams.dropAfterFrames(app, frames),
    streamCount: (app) => core.streams.count(app),
    webStatus: (app, status) => void (core.mustApp(app).webStatus = status),
    releaseDir: (app) => core.mustApp(app).releaseDir,
    app: (name) => core.mustApp(name),
  };
}
