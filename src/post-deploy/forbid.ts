// Commands that must never run against production: the data-destroying management commands of
// Django, Symfony and Rails, plus the team's own `forbid` patterns. Checked on the commands as
// written, before any container starts; `allow-destructive` lets them through, on the record.
import { ConfigurationError, inputError } from '../shared/errors.ts';
import { codeSpan } from '../shared/markdown.ts';

/** Each pattern is one or more words; `*` alone is any one word, inside a word any characters. */
export const DEFAULT_FORBID: readonly string[] = [
  // Django (and django-extensions), and the runbooks' own commands
  'flush',
  'sqlflush',
  'reset_db',
  'loaddata',
  'migrate * zero',
  'clear_all_data',
  'load_test_fixtures',
  // Symfony / Doctrine
  'doctrine:fixtures:load',
  'doctrine:schema:drop',
  'doctrine:database:drop',
  'doctrine:migrations:migrate first',
  // Rails
  'db:drop',
  'db:drop:*',
  'db:reset',
  'db:purge',
  'db:purge:*',
  'db:setup',
  'db:schema:load',
  'db:structure:load',
  'db:seed',
  'db:seed:*',
  'db:fixtures:load',
  'db:truncate_all',
  'db:migrate:reset',
];

export interface ForbidPattern {
  text: string;
  matches(command: string): boolean;
}

/** A command's words as a shell would see them, near enough: quotes and operators are separators. */
function words(text: string): string[] {
  return text.split(/[\s"'`;&|()<>]+/).filter(Boolean);
}

function wordPattern(word: string): RegExp {
  const escaped = word.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function pattern(input: string, text: string): ForbidPattern {
  const regex = /^\/(.+)\/$/.exec(text);
  if (regex) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex[1]!, 'i');
    } catch (error) {
      throw inputError(input, `'${text}' is not a valid regular expression (${(error as Error).message})`, 'Fix it.');
    }
    return { text, matches: (command) => compiled.test(command) };
  }
  const parts = words(text).map(wordPattern);
  if (parts.length === 0) throw inputError(input, `'${text}' has no word to match`, 'Write words, or /regex/.');
  return {
    text,
    matches(command) {
      const tokens = words(command);
      for (let start = 0; start + parts.length <= tokens.length; start++) {
        if (parts.every((part, i) => part.test(tokens[start + i]!))) return true;
      }
      return false;
    },
  };
}

/** The defaults plus the given lines (words, or `/regex/` over the whole command). */
export function parseForbid(input: string, lines: readonly string[]): ForbidPattern[] {
  return [...DEFAULT_FORBID, ...lines].map((line) => pattern(input, line));
}

export interface Forbidden {
  command: string;
  pattern: string;
}

export function findForbidden(commands: readonly string[], patterns: readonly ForbidPattern[]): Forbidden[] {
  return commands.flatMap((command) => {
    const hit = patterns.find((p) => p.matches(command));
    return hit ? [{ command, pattern: hit.text }] : [];
  });
}

export interface ForbidPolicy {
  patterns: readonly ForbidPattern[];
  allowDestructive: boolean;
  /** Who runs the workflow (GITHUB_ACTOR): named when destructive commands are let through. */
  actor: string;
  /** For the message: "production", "the production app shop". */
  target: string;
}

/** Destructive commands let through by `allow-destructive`, and by whom. */
export interface DestructiveAllowance {
  actor: string;
  commands: Forbidden[];
}

/**
 * Refuses (a ConfigurationError naming `input`) when a command matches a pattern; with
 * `allow-destructive` returns what was allowed, for the warning and the summary.
 */
export function guardCommands(
  input: string,
  commands: readonly string[],
  policy: ForbidPolicy,
): DestructiveAllowance | undefined {
  const forbidden = findForbidden(commands, policy.patterns);
  if (forbidden.length === 0) return undefined;
  if (policy.allowDestructive) return { actor: policy.actor, commands: forbidden };
  const list = forbidden.map((f) => `'${f.command}' (matches '${f.pattern}')`).join(', ');
  throw new ConfigurationError(
    `Input '${input}': ${list} ${forbidden.length === 1 ? 'is a command' : 'are commands'} that must not run on ${policy.target}: ` +
      'they destroy or overwrite data. Nothing was run. Remove them, or set `allow-destructive: true` if one really must run ' +
      '(the summary then names who allowed it).',
  );
}

/** The warning a run with destructive commands carries, in the log and in the summary. */
export function destructiveWarning(allowance: DestructiveAllowance): string {
  return `Destructive command(s) allowed by @${allowance.actor || 'unknown'} (allow-destructive: true): ${allowance.commands.map((c) => `'${c.command}'`).join(', ')}.`;
}

export function destructiveSummary(allowance: DestructiveAllowance): string {
  const commands = allowance.commands.map((c) => `${codeSpan(c.command)} (matches ${codeSpan(c.pattern)})`);
  return `> ⚠️ **Destructive commands allowed by @${allowance.actor || 'unknown'}** (\`allow-destructive: true\`): ${commands.join(', ')}\n`;
}
