// What a change of variables will do, computed from the app's variables before anything is sent:
// the names added, changed and removed (an unchanged value is not sent), and the names a
// requirement misses once the change is made.
import { ConfigurationError } from '../shared/errors.ts';
import type { Variable } from '../scalingo/types.ts';
import type { RequiredName } from './required.ts';

export interface ChangePlan {
  added: string[];
  changed: string[];
  unchanged: string[];
  removed: string[];
  /** Asked to be unset, but not there: nothing to do. */
  absent: string[];
  /** The one bulk PUT: the added and changed variables only. */
  put: { name: string; value: string }[];
  /** The one bulk DELETE. */
  deleteIds: string[];
}

export function planChanges(
  current: readonly Variable[],
  set: readonly { name: string; value: string }[],
  unset: readonly string[],
): ChangePlan {
  const byName = new Map(current.map((v) => [v.name, v]));
  const plan: ChangePlan = { added: [], changed: [], unchanged: [], removed: [], absent: [], put: [], deleteIds: [] };
  for (const { name, value } of set) {
    const existing = byName.get(name);
    if (existing?.value === value) {
      plan.unchanged.push(name);
      continue;
    }
    (existing ? plan.changed : plan.added).push(name);
    plan.put.push({ name, value });
  }
  for (const name of unset) {
    const existing = byName.get(name);
    if (!existing) {
      plan.absent.push(name);
      continue;
    }
    plan.removed.push(name);
    plan.deleteIds.push(existing.id);
  }
  return plan;
}

export function hasChanges(plan: ChangePlan): boolean {
  return plan.put.length > 0 || plan.deleteIds.length > 0;
}

/** The required names the app would not have after the change (unset ones count as missing). */
export function missingAfter(
  current: readonly Variable[],
  required: readonly RequiredName[],
  set: readonly { name: string }[] = [],
  unset: readonly string[] = [],
): RequiredName[] {
  const names = new Set([...current.map((v) => v.name), ...set.map((s) => s.name)]);
  for (const name of unset) names.delete(name);
  return required.filter((r) => !names.has(r.name));
}

/** The refusal when required variables are missing: every name, where each requirement comes from. */
export class MissingVariables extends ConfigurationError {
  readonly missing: readonly RequiredName[];

  constructor(app: string, missing: readonly RequiredName[], nothing: string) {
    const sources = [...new Set(missing.map((m) => m.from))].join(', ');
    const set = missing.map((m) => `${m.name}=…`).join(' ');
    super(
      `${missing.length} required environment variable(s) missing on ${app}: ${missing.map((m) => m.name).join(', ')} ` +
        `(required by ${sources}). ${nothing} Add them (the variables action's \`set\`, or \`scalingo --app ${app} env-set ${set}\`), then run this again.`,
    );
    this.missing = missing;
  }
}
