// The addon catalogue: providers and their plans (api-facts-wave2 §18), and what provisioning one
// sets in the app's environment. Provider ids come in two forms (§18: `postgresql`, `mysql` in the
// 2020 recording and the docs' list; `scalingo-redis` in the docs' addon object; go-scalingo
// rewrites `scalingo-postgres`): short by default, `scalingo-`-prefixed with option
// addonProviderIds, so a client that hard-codes one form can be caught.
import { createHash } from 'node:crypto';
import type { AddonKind } from './state.ts';

export interface PlanDef {
  id: string;
  name: string;
  displayName: string;
  price: number;
  /** Sandbox plans since 2026-03-02: listed, never provisioned (the smallest Starter plan is). */
  disabled: boolean;
}

export interface ProviderDef {
  id: string;
  kind: AddonKind;
  name: string;
  /** `SCALINGO_*_URL`, then the alias set to `$SCALINGO_*_URL` (§18). */
  mainVariable: string;
  aliasVariable: string;
  scheme: string;
  /** Plan createApp(…, { addons }) gives, and the one a disabled Sandbox plan falls back to. */
  defaultPlan: string;
  plans: PlanDef[];
}

/** 24 hex digits, stable per plan name: ids look like the recorded ones and never equal a name. */
function planId(name: string): string {
  return createHash('sha256').update(`plan:${name}`).digest('hex').slice(0, 24);
}

function plans(prefix: string, list: [string, string, number][]): PlanDef[] {
  return list.map(([suffix, displayName, price]) => ({
    id: planId(`${prefix}-${suffix}`),
    name: `${prefix}-${suffix}`,
    displayName,
    price,
    disabled: suffix === 'sandbox',
  }));
}

export const PROVIDERS: ProviderDef[] = [
  {
    id: 'postgresql',
    kind: 'postgresql',
    name: 'PostgreSQL',
    mainVariable: 'SCALINGO_POSTGRESQL_URL',
    aliasVariable: 'DATABASE_URL',
    scheme: 'postgresql',
    defaultPlan: 'postgresql-starter-512',
    plans: plans('postgresql', [
      ['sandbox', 'Sandbox', 0],
      ['starter-512', 'Starter 512M', 14.4],
      ['starter-1024', 'Starter 1G', 28.8],
      ['business-1024', 'Business 1G', 72],
    ]),
  },
  {
    id: 'mysql',
    kind: 'mysql',
    name: 'MySQL',
    mainVariable: 'SCALINGO_MYSQL_URL',
    aliasVariable: 'DATABASE_URL',
    scheme: 'mysql',
    defaultPlan: 'mysql-starter-512',
    plans: plans('mysql', [
      ['sandbox', 'Sandbox', 0],
      ['starter-512', 'Starter 512M', 14.4],
      ['business-1024', 'Business 1G', 72],
    ]),
  },
  {
    id: 'mongodb',
    kind: 'mongodb',
    name: 'MongoDB',
    mainVariable: 'SCALINGO_MONGO_URL',
    aliasVariable: 'MONGO_URL',
    scheme: 'mongodb',
    defaultPlan: 'mongo-starter-512',
    plans: plans('mongo', [
      ['sandbox', 'Sandbox', 0],
      ['starter-256', 'Starter 256M', 7.2],
      ['starter-512', 'Starter 512M', 14.4],
    ]),
  },
  {
    id: 'redis',
    kind: 'redis',
    name: 'Redis',
    mainVariable: 'SCALINGO_REDIS_URL',
    aliasVariable: 'REDIS_URL',
    scheme: 'redis',
    defaultPlan: 'redis-starter-256',
    plans: plans('redis', [
      ['sandbox', 'Sandbox', 0],
      ['starter-128', 'Starter 128M', 3.6],
      ['starter-256', 'Starter 256M', 7.2],
      ['business-256', 'Business 256M', 21.6],
    ]),
  },
];

export type ProviderIds = 'short' | 'prefixed';

export function publicId(provider: ProviderDef, ids: ProviderIds): string {
  return ids === 'prefixed' ? `scalingo-${provider.id}` : provider.id;
}

/** By the id the API shows (`ids`), or by the short id the sandbox stores when `ids` is left out. */
export function providerById(id: string, ids?: ProviderIds): ProviderDef | undefined {
  return PROVIDERS.find((p) => (ids ? publicId(p, ids) : p.id) === id);
}

export function providerOfKind(kind: AddonKind): ProviderDef {
  const provider = PROVIDERS.find((p) => p.kind === kind);
  if (!provider) throw new Error(`sandbox: no addon provider for ${kind}`);
  return provider;
}

/** The API wants plan ids (the CLI maps a name to its id by listing the plans, §18). */
export function planById(provider: ProviderDef, id: string): PlanDef | undefined {
  return provider.plans.find((p) => p.id === id);
}

/** By id or by name: for the sandbox's own calls (createApp, review apps). */
export function planOf(provider: ProviderDef, idOrName: string): PlanDef | undefined {
  return provider.plans.find((p) => p.id === idOrName || p.name === idOrName);
}

/** The plan really provisioned: a disabled Sandbox plan silently becomes the smallest Starter (§15.4). */
export function effectivePlan(provider: ProviderDef, plan: PlanDef): PlanDef {
  if (!plan.disabled) return plan;
  return provider.plans.find((p) => !p.disabled && p.name.includes('-starter-')) ?? plan;
}

export function planView(provider: ProviderDef, plan: PlanDef) {
  const fallback = plan.disabled ? effectivePlan(provider, plan).id : null;
  return {
    id: plan.id,
    name: plan.name,
    display_name: plan.displayName,
    price: plan.price,
    description: `<p>${provider.name} ${plan.displayName}</p>\n`,
    position: provider.plans.indexOf(plan),
    on_demand: false,
    disabled: plan.disabled,
    disabled_alternative_plan_id: fallback,
    sku: `sandbox-${plan.name}`,
    hds_available: false,
    to_be_discontinued: plan.disabled,
    trial_available: false,
  };
}

export function providerView(provider: ProviderDef, ids: ProviderIds) {
  return {
    id: publicId(provider, ids),
    name: provider.name,
    logo_url: `//cdn.scalingo.com/addons/Scalingo_${provider.name}.svg`,
    short_description: `${provider.name} database (sandbox)`,
    description: `${provider.name}, provisioned by the Scalingo sandbox.`,
    category: { id: 'cat-databases', name: 'Databases', description: 'Databases', position: 0 },
    provider_name: 'Scalingo',
    provider_url: 'https://scalingo.com',
    hds_available: false,
    plans: provider.plans.map((plan) => planView(provider, plan)),
  };
}
