// JSON bodies of addons, of the database API's databases and of backups (scalingo-api.md §11 and
// the recorded addons samples).
import {
  planOf,
  planView,
  providerById,
  publicId,
  type PlanDef,
  type ProviderDef,
  type ProviderIds,
} from './catalogue.ts';
import type { AddonState, AppState, BackupState } from './state.ts';

function catalogueOf(addon: AddonState): { provider: ProviderDef; plan: PlanDef } {
  const provider = providerById(addon.providerId);
  const plan = provider && planOf(provider, addon.planId);
  if (!provider || !plan) throw new Error(`sandbox: addon ${addon.id} has no catalogue entry`);
  return { provider, plan };
}

export function addonView(app: AppState, addon: AddonState, ids: ProviderIds) {
  const { provider, plan } = catalogueOf(addon);
  return {
    id: addon.id,
    app_id: app.id,
    resource_id: addon.resourceId,
    addon_provider: {
      id: publicId(provider, ids),
      name: provider.name,
      logo_url: `//cdn.scalingo.com/addons/Scalingo_${provider.name}.svg`,
    },
    plan: planView(provider, plan),
    provisioned_at: addon.provisionedAt,
    deprovisioned_at: null,
    status: addon.status,
  };
}

export function databaseView(app: AppState, addon: AddonState) {
  const { plan } = catalogueOf(addon);
  return {
    id: addon.id,
    resource_id: addon.resourceId,
    app_name: app.name,
    type_name: addon.kind,
    version_id: `v-${addon.kind}-sandbox`,
    readable_version: addon.kind === 'postgresql' ? '15.18.0' : '8.0.0',
    plan: plan.name,
    // §11 statuses: a database is `creating` until its addon runs.
    status: addon.status === 'provisioning' ? 'creating' : addon.status === 'suspended' ? 'stopped' : 'running',
    periodic_backups_enabled: true,
    periodic_backups_scheduled_at: [2],
    features: [],
    instances: [],
  };
}

export function backupView(b: BackupState) {
  return {
    id: b.id,
    created_at: b.createdAt,
    started_at: b.startedAt,
    name: b.name,
    size: b.size,
    status: b.status,
    database_id: b.addonId,
    method: 'manual',
  };
}
