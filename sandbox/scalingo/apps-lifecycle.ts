// Creating child apps and deleting apps. What a child app copies from its parent is unconfirmed
// (api-facts-wave2 §17: the child-apps page says stack and owner only, the review-apps page says
// variables and addons too): option childAppsCopy plays each reading.
import { planOf, providerById } from './catalogue.ts';
import type { SandboxCore } from './core.ts';
import { deprovisionAddon, provisionAddon } from './provisioning.ts';
import { objectId, type AppState } from './state.ts';

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** §17 name rule: 6–max characters, lowercase letters, digits, single inner hyphens; and free. */
export function nameErrors(core: SandboxCore, name: unknown, max = 48): Record<string, string[]> | null {
  if (typeof name !== 'string' || name === '') return { name: ["can't be blank"] };
  const problems: string[] = [];
  if (name.length < 6) problems.push('is too short (minimum is 6 characters)');
  if (name.length > max) problems.push(`is too long (maximum is ${max} characters)`);
  if (!NAME.test(name))
    problems.push(
      'must contain only lowercase letters, digits and hyphens, and no hyphen at the start, the end or twice',
    );
  if (core.apps.has(name)) problems.push('has already been taken');
  return problems.length > 0 ? { name: problems } : null;
}

export function copyVariables(from: AppState, to: AppState): void {
  for (const v of from.variables) {
    const existing = to.variables.find((x) => x.name === v.name);
    if (existing) existing.value = v.value;
    else to.variables.push({ id: objectId(), name: v.name, value: v.value });
  }
}

/** Fresh, empty addons of the parent's providers and plans (data is never copied, §15.4). */
export function copyAddons(core: SandboxCore, from: AppState, to: AppState): void {
  for (const addon of from.addons) {
    const provider = providerById(addon.providerId);
    const plan = provider && planOf(provider, addon.planId);
    if (provider && plan) provisionAddon(core, to, provider, plan, { aliases: addon.variableNames.length > 1 });
  }
}

export function createChildApp(core: SandboxCore, parent: AppState, name: string): AppState {
  const child = core.createApp(name, parent.name);
  child.formation = parent.formation.map((f) => ({ ...f }));
  const copy = core.options.childAppsCopy;
  if (copy !== 'nothing') copyVariables(parent, child);
  if (copy === 'variables-and-addons') copyAddons(core, parent, child);
  return child;
}

/** DELETE /v1/apps/:app: the app goes, its addons are deprovisioned (databases dropped), its processes killed. */
export async function deleteApp(core: SandboxCore, app: AppState): Promise<void> {
  core.apps.delete(app.name);
  for (const oneOff of app.oneOffs) if (oneOff.process) core.killGroup(oneOff.process);
  const parent = app.parentName ? core.apps.get(app.parentName) : undefined;
  if (parent) parent.reviewApps = parent.reviewApps.filter((r) => r.appName !== app.name);
  for (const addon of [...app.addons]) await deprovisionAddon(core, app, addon);
}
