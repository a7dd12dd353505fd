// Provisioning and deprovisioning addons: the addon record, the variables Scalingo sets (§18: the
// `SCALINGO_*_URL` and its alias stored as a `$REF`), the provisioning → running delay and, for
// PostgreSQL, a real database on the sandbox's server (dropped on deprovision).
import { randomBytes } from 'node:crypto';
import { effectivePlan, type PlanDef, type ProviderDef } from './catalogue.ts';
import type { SandboxCore } from './core.ts';
import { now, objectId, takeScenario, uuid, type AddonState, type AppState } from './state.ts';

export interface ProvisionOptions {
  /** Also set the alias (`DATABASE_URL` = `$SCALINGO_POSTGRESQL_URL`...). createApp's addons don't, as before. */
  aliases: boolean;
  /** Running at once, without the provisioning delay (addons declared with createApp). */
  immediate?: boolean;
}

function setVariable(app: AppState, name: string, value: string): void {
  const existing = app.variables.find((v) => v.name === name);
  if (existing) existing.value = value;
  else app.variables.push({ id: objectId(), name, value });
}

function addonUrl(core: SandboxCore, provider: ProviderDef, addon: AddonState): string {
  if (provider.kind === 'postgresql') return core.postgres.url({ name: addon.resourceId, password: addon.password });
  // No server behind the other kinds: a well-formed URL nothing answers on.
  const host = new URL(core.url).host;
  return `${provider.scheme}://${addon.resourceId}:${addon.password}@${host}/${addon.resourceId}`;
}

export function provisionAddon(
  core: SandboxCore,
  app: AppState,
  provider: ProviderDef,
  asked: PlanDef,
  options: ProvisionOptions,
): AddonState {
  const plan = effectivePlan(provider, asked);
  const addon: AddonState = {
    id: `ad-${uuid()}`,
    kind: provider.kind,
    providerId: provider.id,
    planId: plan.id,
    resourceId: `${app.name.replace(/-/g, '_')}_${randomBytes(2).toString('hex')}`,
    password: randomBytes(12).toString('hex'),
    provisionedAt: now(),
    status: options.immediate ? 'running' : 'provisioning',
    variableNames: [provider.mainVariable],
  };
  app.addons.push(addon);
  setVariable(app, provider.mainVariable, addonUrl(core, provider, addon));
  const otherOwner = app.addons.some((a) => a !== addon && a.variableNames.includes(provider.aliasVariable));
  if (options.aliases && !otherOwner) {
    setVariable(app, provider.aliasVariable, `$${provider.mainVariable}`);
    addon.variableNames.push(provider.aliasVariable);
  }
  if (options.immediate) becomeRunning(core, addon);
  else settle(core, app, addon);
  return addon;
}

function becomeRunning(core: SandboxCore, addon: AddonState): void {
  addon.status = 'running';
  if (addon.kind === 'postgresql') core.postgres.want({ name: addon.resourceId, password: addon.password });
}

function settle(core: SandboxCore, app: AppState, addon: AddonState): void {
  const scenario = takeScenario(core.addonScenarios.get(app.name) ?? []);
  if (scenario?.neverRunning) return;
  void core.sleep(core.options.addonProvisionMs).then(() => {
    if (core.closed || !app.addons.includes(addon)) return;
    if (scenario?.status) addon.status = scenario.status;
    else becomeRunning(core, addon);
  });
}

/** Resolves once every addon of the app is running (a review app deploys after its addons, §16). */
export async function addonsRunning(core: SandboxCore, app: AppState): Promise<void> {
  while (!core.closed && app.addons.some((a) => a.status !== 'running')) await core.sleep(20);
}

/** The addon goes, with its variables; a PostgreSQL database is dropped, data lost. */
export async function deprovisionAddon(core: SandboxCore, app: AppState, addon: AddonState): Promise<void> {
  app.addons = app.addons.filter((a) => a !== addon);
  app.variables = app.variables.filter((v) => !addon.variableNames.includes(v.name));
  if (addon.kind === 'postgresql') await core.postgres.drop(addon.resourceId);
}
