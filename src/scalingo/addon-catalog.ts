// Addon providers and their plans (wave-2 facts §18): provisioning takes ids, users write names
// (`postgresql:postgresql-starter-512`), so names are mapped to ids by listing, as the CLI does.
// Provider ids come in two forms (`redis` and `scalingo-redis`): both are matched.
import type { AddonCatalogResource } from './api.ts';
import { readPlans, readProviders } from './answers.ts';
import type { HttpClient } from './http.ts';
import type { Addon, AddonPlan, AddonProvider } from './types.ts';

export class AddonCatalog implements AddonCatalogResource {
  #http: HttpClient;
  #providers: Promise<AddonProvider[]> | undefined;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** Every provider, read once per run. */
  providers(): Promise<AddonProvider[]> {
    this.#providers ??= this.#http
      .request<{ addon_providers: AddonProvider[] }>({
        method: 'GET',
        url: this.#http.api('/addon_providers'),
        expect: [200],
        idempotent: true,
        auth: null,
        read: readProviders,
        what: 'list the addon providers',
      })
      .then((res) => res.body.addon_providers);
    return this.#providers;
  }

  async plans(providerId: string): Promise<AddonPlan[]> {
    const res = await this.#http.request<{ plans: AddonPlan[] }>({
      method: 'GET',
      url: this.#http.api(`/addon_providers/${encodeURIComponent(providerId)}/plans`),
      query: { show_all: false },
      expect: [200],
      idempotent: true,
      auth: null,
      read: readPlans,
      what: `list the plans of the addon provider '${providerId}'`,
    });
    return res.body.plans;
  }
}

/** The provider a user's short name stands for (`postgresql`, `redis`, `mongo`…), or undefined. */
export function findProvider(providers: AddonProvider[], name: string): AddonProvider | undefined {
  const wanted = name.toLowerCase();
  const forms = new Set([wanted, `scalingo-${wanted}`, wanted.replace(/^scalingo-/, '')]);
  if (wanted === 'mongo') forms.add('mongodb');
  if (wanted === 'postgres' || wanted === 'psql' || wanted === 'pgsql') forms.add('postgresql');
  return providers.find((p) => forms.has(p.id.toLowerCase()) || forms.has(p.name.toLowerCase()));
}

// Providers the database API can back up, by addon_provider id (aliases as the CLI knows them).
const DATABASE_PROVIDERS = new Set(['postgresql', 'mysql', 'mongodb', 'postgres', 'psql', 'mongo']);

export function isDatabaseAddon(addon: Addon): boolean {
  return (
    DATABASE_PROVIDERS.has(addon.addon_provider.id.toLowerCase()) ||
    DATABASE_PROVIDERS.has(addon.addon_provider.name.toLowerCase())
  );
}
