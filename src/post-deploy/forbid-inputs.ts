// The `forbid` and `allow-destructive` inputs, read the same way by post-deploy, deploy and
// deploy-production, and checked against the commands before anything is started.
import type { Inputs } from '../shared/inputs.ts';
import { guardCommands, parseForbid, type DestructiveAllowance } from './forbid.ts';

/** GitHub environment names are case-insensitive. */
export function isProductionEnvironment(name: string | undefined): boolean {
  return name !== undefined && name.trim().toLowerCase() === 'production';
}

export interface ForbidTarget {
  /** The input holding the commands, named in the refusal. */
  input: string;
  commands: readonly string[];
  /** deploy-production: always; the other actions: when their environment is production. */
  production: boolean;
  app: string;
  actor: string;
}

/**
 * Refuses forbidden commands when the target is production or `forbid` is set explicitly;
 * returns what `allow-destructive: true` let through (undefined when nothing was).
 */
export function readForbidden(inputs: Inputs, target: ForbidTarget): DestructiveAllowance | undefined {
  const extra = inputs.lines('forbid');
  const allowDestructive = inputs.boolean('allow-destructive', false);
  const patterns = parseForbid('forbid', extra);
  if (!target.production && extra.length === 0) return undefined;
  return guardCommands(target.input, target.commands, {
    patterns,
    allowDestructive,
    actor: target.actor,
    target: target.production ? `production (${target.app})` : `${target.app} (\`forbid\` is set)`,
  });
}
