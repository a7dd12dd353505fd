// The review app's own addons (`addons: postgresql:postgresql-starter-512`): each entry checked
// against Scalingo's catalogue before anything is created, then provisioned fresh on the review app
// and waited for until it runs, within `addon-timeout` for all of them.
import type { AddonCatalogResource, AddonsResource } from '../scalingo/api.ts';
import { findProvider } from '../scalingo/addon-catalog.ts';
import type { Addon } from '../scalingo/types.ts';
import { sleep } from '../shared/async.ts';
import { ConfigurationError, inputError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';

export interface AddonSpec {
  provider: string;
  plan: string;
}

export interface ResolvedAddon extends AddonSpec {
  providerId: string;
  planId: string;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

/** `provider:plan` entries, one per line or comma-separated. */
export function parseAddonSpecs(input: string, lines: readonly string[]): AddonSpec[] {
  const entries = lines
    .flatMap((line) => line.split(','))
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.map((entry) => {
    const [provider = '', plan = '', ...rest] = entry.split(':');
    if (!NAME.test(provider) || !NAME.test(plan) || rest.length > 0) {
      throw inputError(
        input,
        `'${entry}' is not provider:plan`,
        'Write each addon as provider:plan, e.g. postgresql:postgresql-starter-512 or redis:redis-starter-128.',
      );
    }
    return { provider, plan };
  });
}

/** Provider and plan ids for each entry; an unknown one is an input error, before anything changes. */
export async function resolveAddons(catalog: AddonCatalogResource, specs: AddonSpec[]): Promise<ResolvedAddon[]> {
  if (specs.length === 0) return [];
  const providers = await catalog.providers();
  const resolved: ResolvedAddon[] = [];
  for (const spec of specs) {
    const provider = findProvider(providers, spec.provider);
    if (!provider) {
      const known = providers.map((p) => p.id).join(', ');
      throw inputError('addons', `Scalingo has no addon provider '${spec.provider}'`, `Use one of: ${known}.`);
    }
    const plans = await catalog.plans(provider.id);
    const plan = plans.find((p) => p.name === spec.plan);
    if (!plan) {
      const names = plans
        .filter((p) => !p.disabled)
        .map((p) => p.name)
        .join(', ');
      throw inputError('addons', `${provider.name} has no plan '${spec.plan}'`, `Use one of: ${names}.`);
    }
    resolved.push({ ...spec, providerId: provider.id, planId: plan.id });
  }
  return resolved;
}

/**
 * Two runs for one pull request at once may each provision the same addon. Both then keep the
 * first of that provider Scalingo lists and remove the others they made, so one is left.
 */
async function keepOneEach(
  scalingo: { addons: Pick<AddonsResource, 'list' | 'remove'> },
  logger: Logger,
  app: string,
  ours: Addon[],
): Promise<void> {
  const listed = await scalingo.addons.list(app);
  for (const [i, addon] of ours.entries()) {
    const first = listed.find((a) => a.addon_provider.id === addon.addon_provider.id);
    if (!first || first.id === addon.id) continue;
    logger.info(
      `Another run provisioned ${addon.addon_provider.id} on ${app} too: keeping ${first.id}, removing ${addon.id}.`,
    );
    await scalingo.addons.remove(app, addon.id);
    ours[i] = first;
  }
}

export interface AddonsOutcome {
  addons: { provider: string; plan: string; id: string; status: string }[];
  /** `provider:plan` of the addons this run created (the others were there already). */
  provisioned: string[];
}

/**
 * Each wanted addon on `app`: the one it already has of that provider (an earlier run's, or a fresh
 * instance Scalingo made with the app), else a new one; then waits until all run. Only what is
 * missing is looked up in the catalogue, unless the caller resolved it already (before creating the app).
 */
export async function provisionAddons(
  scalingo: {
    addons: Pick<AddonsResource, 'list' | 'provision' | 'get' | 'remove'>;
    addonCatalog: AddonCatalogResource;
  },
  logger: Logger,
  app: string,
  wanted: AddonSpec[],
  options: { timeoutMs: number; intervalMs?: number; resolved?: ResolvedAddon[] },
): Promise<AddonsOutcome> {
  if (wanted.length === 0) return { addons: [], provisioned: [] };
  const existing = await scalingo.addons.list(app);
  const have = (spec: AddonSpec) => existing.find((a) => findProvider([a.addon_provider], spec.provider));
  const missing = wanted.filter((spec) => !have(spec));
  const resolved =
    missing.length > 0 ? (options.resolved ?? (await resolveAddons(scalingo.addonCatalog, missing))) : [];
  const addons: Addon[] = [];
  const provisioned: string[] = [];
  for (const spec of wanted) {
    const already = have(spec);
    if (already) {
      addons.push(already);
      continue;
    }
    const addon = resolved.find((r) => r.provider === spec.provider && r.plan === spec.plan)!;
    logger.info(`Provisioning ${spec.provider}:${spec.plan} on ${app}.`);
    addons.push(await scalingo.addons.provision(app, { providerId: addon.providerId, planId: addon.planId }));
    provisioned.push(`${spec.provider}:${spec.plan}`);
  }
  if (provisioned.length > 0) await keepOneEach(scalingo, logger, app, addons);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const running: Addon[] = [];
  for (const addon of addons) {
    let current = addon;
    while (current.status !== 'running') {
      if (current.status === 'suspended') {
        throw new ConfigurationError(
          `The ${addon.addon_provider.name || addon.addon_provider.id} addon ${addon.id} of ${app} is suspended (Scalingo stopped it; often a billing matter): ` +
            'the review app is left as it is. Check it in the Scalingo dashboard, then push again.',
        );
      }
      try {
        await sleep(options.intervalMs ?? 2000, deadline);
        current = await scalingo.addons.get(app, addon.id, { signal: deadline });
      } catch (error) {
        if (!deadline.aborted) throw error;
        throw new ConfigurationError(
          `The ${addon.addon_provider.name || addon.addon_provider.id} addon ${addon.id} of ${app} is still '${current.status}' after the \`addon-timeout\`: ` +
            'the review app is left as it is. Check it in the Scalingo dashboard, then push again or raise `addon-timeout`.',
        );
      }
    }
    running.push(current);
  }
  return {
    addons: running.map((a) => ({
      provider: a.addon_provider.id,
      plan: a.plan?.name ?? '',
      id: a.id,
      status: a.status,
    })),
    provisioned,
  };
}
