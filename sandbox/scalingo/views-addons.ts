// JSON bodies of addons, of the database API's databases and of backups (scalingo-api.md §11 and
// the recorded addons samples).
import type { AddonKind, AddonState, AppState, BackupState } from './state.ts';

const PROVIDERS: Record<AddonKind, { name: string; plan: string; display: string }> = {
  postgresql: { name: 'PostgreSQL', plan: 'postgresql-starter-512', display: 'Starter 512M' },
  mysql: { name: 'MySQL', plan: 'mysql-starter-512', display: 'Starter 512M' },
  mongodb: { name: 'MongoDB', plan: 'mongodb-starter-512', display: 'Starter 512M' },
  redis: { name: 'Redis', plan: 'redis-starter-256', display: 'Starter 256M' },
};

export function addonView(app: AppState, addon: AddonState) {
  const p = PROVIDERS[addon.kind];
  return {
    id: addon.id,
    app_id: app.id,
    resource_id: addon.resourceId,
    addon_provider: { id: addon.kind, name: p.name, logo_url: `//cdn.scalingo.com/addons/Scalingo_${p.name}.svg` },
    plan: {
      id: `plan-${p.plan}`,
      name: p.plan,
      display_name: p.display,
      price: 0.0,
      description: `<p>${p.display}</p>\n`,
      position: null,
      on_demand: false,
      disabled: false,
      disabled_alternative_plan_id: null,
      sku: `${p.plan}-sandbox`,
    },
    provisioned_at: addon.provisionedAt,
    deprovisioned_at: null,
    status: 'running',
  };
}

export function databaseView(app: AppState, addon: AddonState) {
  return {
    id: addon.id,
    resource_id: addon.resourceId,
    app_name: app.name,
    type_name: addon.kind,
    version_id: `v-${addon.kind}-sandbox`,
    readable_version: addon.kind === 'postgresql' ? '16.4.0' : '8.0.0',
    plan: PROVIDERS[addon.kind].plan,
    status: 'running',
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
