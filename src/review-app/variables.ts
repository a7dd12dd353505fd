// The review app's environment: the `env` lines with the app's own name, host, URL and pull request
// number put in, the `unset-env` names taken away, and never a variable that still points at the
// parent's data. Whether a child app copies its parent's variables is unconfirmed (wave-2 facts §17):
// both are handled by reading what the review app has and changing only what differs.
import type { VariablesResource } from '../scalingo/api.ts';
import type { Variable } from '../scalingo/types.ts';
import type { Logger } from '../shared/logger.ts';

export interface AppIdentity {
  name: string;
  url: string;
  pullRequest: number;
}

/** `%APP_NAME%`, `%APP_HOST%`, `%APP_URL%`, `%PR_NUMBER%` in each value. */
export function renderEnv(env: Record<string, string>, app: AppIdentity): Record<string, string> {
  const host = (() => {
    try {
      return new URL(app.url).host;
    } catch {
      return '';
    }
  })();
  const values: Record<string, string> = {
    APP_NAME: app.name,
    APP_HOST: host,
    APP_URL: app.url,
    PR_NUMBER: String(app.pullRequest),
  };
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [
      name,
      value.replace(/%(APP_NAME|APP_HOST|APP_URL|PR_NUMBER)%/g, (_m, key: string) => values[key]!),
    ]),
  );
}

export interface VariablesOutcome {
  /** The review app's variables as they were read, before this run's changes. */
  before: Variable[];
  set: string[];
  unset: string[];
  /** Variables the parent's data URLs had leaked into, put right (or taken away). */
  isolated: string[];
}

// Data stores only: an https:// URL with a user (a Sentry DSN, an API) is configuration, not data.
const DATA_URL = /^(postgres(ql)?|mysql2?|mongodb(\+srv)?|rediss?|amqps?):\/\/[^@/\s]+@/i;

/**
 * Applies `set` (one bulk request for what differs) and `unset`; with `isolate` (a new review app, or
 * new addons), makes sure no variable still holds one of the parent's credentialed URLs (its
 * database, its cache): those become the alias of the review app's own addon variable when it has
 * one, else they go. Later runs skip that: the parent's variables reach a child only at its creation.
 */
export async function applyVariables(
  scalingo: { variables: Pick<VariablesResource, 'list' | 'upsert' | 'delete'> },
  logger: Logger,
  params: { app: string; parent: string; set: Record<string, string>; unset: readonly string[]; isolate: boolean },
): Promise<VariablesOutcome> {
  const current = await scalingo.variables.list(params.app);
  const byName = new Map(current.map((v) => [v.name, v]));
  const changes = Object.entries(params.set)
    .filter(([name, value]) => byName.get(name)?.value !== value)
    .map(([name, value]) => ({ name, value }));
  if (changes.length > 0) await scalingo.variables.upsert(params.app, changes);
  const unset: string[] = [];
  for (const name of params.unset) {
    const variable = byName.get(name);
    if (!variable) continue;
    await scalingo.variables.delete(params.app, variable.id);
    unset.push(name);
  }
  const outcome = { before: current, set: changes.map((c) => c.name), unset };
  if (!params.isolate) return { ...outcome, isolated: [] };

  const parentUrls = new Set(
    (await scalingo.variables.list(params.parent, { aliases: false }))
      .filter((v) => DATA_URL.test(v.value))
      .map((v) => v.value),
  );
  const own = await scalingo.variables.list(params.app, { aliases: false });
  const ownAddonVariables = new Set(
    own.filter((v) => /^SCALINGO_[A-Z]+_URL$/.test(v.name) && !parentUrls.has(v.value)).map((v) => v.name),
  );
  const leaked = own.filter((v) => parentUrls.has(v.value) && !(v.name in params.set));
  const isolated: string[] = [];
  const fixes: { name: string; value: string }[] = [];
  for (const variable of leaked) {
    const kind = /^(POSTGRES|MYSQL|MONGO|REDIS)/.exec(variable.name.replace(/^SCALINGO_/, ''))?.[1];
    const main =
      [...ownAddonVariables].find((name) => kind && name.includes(kind)) ??
      (variable.name === 'DATABASE_URL' ? [...ownAddonVariables].find((n) => /POSTGRESQL|MYSQL/.test(n)) : undefined);
    if (main && main !== variable.name) fixes.push({ name: variable.name, value: `$${main}` });
    else await scalingo.variables.delete(params.app, byName.get(variable.name)?.id ?? variable.id);
    isolated.push(variable.name);
  }
  if (fixes.length > 0) await scalingo.variables.upsert(params.app, fixes);
  if (isolated.length > 0) {
    logger.warning(
      `${params.app} had ${isolated.join(', ')} pointing at ${params.parent}'s data (copied from the parent): they now point at the review app's own addons, or are gone.`,
    );
  }
  return { ...outcome, isolated };
}
