// The variable inputs as written: `NAME=value` lines (set, maintenance-variables) and name lists
// (unset, require). Errors name the input and the line, never a value: any value may be a secret.
import { isVariableName, MAX_VARIABLE_VALUE, NAME_RULE } from '../shared/env-names.ts';
import { inputError } from '../shared/errors.ts';

export interface Assignment {
  name: string;
  value: string;
  /** 1-based line of the input it was written on. */
  line: number;
}

export interface NamedLine {
  name: string;
  line: number;
}

/** The input's lines with their numbers, blank lines and `#` comments skipped, each line trimmed. */
function numberedLines(raw: string): { text: string; line: number }[] {
  return raw
    .split(/\r\n|\r|\n/)
    .map((text, index) => ({ text: text.trim(), line: index + 1 }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'));
}

/**
 * `NAME=value` lines. Each value is handed to `mask` the moment it is split off its line, before
 * anything is checked, so no later message, log line or summary can show it.
 */
export function parseAssignments(input: string, raw: string, mask: (value: string) => void): Assignment[] {
  const assignments: Assignment[] = [];
  for (const { text } of numberedLines(raw)) {
    const at = text.indexOf('=');
    // A line without '=' may be a value pasted alone: masked whole.
    if (at === -1) mask(text);
    else mask(text.slice(at + 1));
  }
  for (const { text, line } of numberedLines(raw)) {
    const at = text.indexOf('=');
    if (at === -1) {
      throw inputError(
        input,
        `line ${line} has no '=' (its text is not shown: it may hold a secret)`,
        'Write one NAME=value per line.',
      );
    }
    const name = text.slice(0, at).trim();
    const value = text.slice(at + 1);
    if (name === '') throw inputError(input, `line ${line} has no name before '='`, 'Write one NAME=value per line.');
    if (!isVariableName(name)) {
      throw inputError(input, `line ${line}: '${name}' is not a name Scalingo accepts`, `Scalingo ${NAME_RULE}.`);
    }
    if (value === '') {
      throw inputError(
        input,
        `line ${line} (${name}): the value is empty, and Scalingo refuses empty values`,
        `Give a value, or list ${name} in \`unset\` to remove the variable.`,
      );
    }
    if (value.length > MAX_VARIABLE_VALUE) {
      throw inputError(
        input,
        `line ${line} (${name}): the value is ${value.length.toLocaleString('en-US')} characters, over Scalingo's limit of ${MAX_VARIABLE_VALUE.toLocaleString('en-US')}`,
        'Shorten the value, or keep large content in a file of the app or an addon instead of a variable.',
      );
    }
    const first = assignments.find((a) => a.name === name);
    if (first) {
      throw inputError(
        input,
        `line ${line} sets ${name} again (first on line ${first.line})`,
        'Keep one line per name.',
      );
    }
    assignments.push({ name, value, line });
  }
  return assignments;
}

/** Names, one or more a line (separated by spaces or commas). */
export function parseNames(input: string, raw: string): NamedLine[] {
  const names: NamedLine[] = [];
  for (const { text, line } of numberedLines(raw)) {
    for (const name of text.split(/[\s,]+/).filter(Boolean)) {
      if (!isVariableName(name)) {
        throw inputError(input, `line ${line}: '${name}' is not a name Scalingo accepts`, `Scalingo ${NAME_RULE}.`);
      }
      if (!names.some((n) => n.name === name)) names.push({ name, line });
    }
  }
  return names;
}

/** A name both set and unset is a contradiction: refused, naming both lines. */
export function checkSetAndUnset(set: readonly Assignment[], unset: readonly NamedLine[], unsetInput = 'unset'): void {
  for (const removed of unset) {
    const assigned = set.find((a) => a.name === removed.name);
    if (assigned) {
      throw inputError(
        unsetInput,
        `line ${removed.line}: ${removed.name} is also set by \`set\` line ${assigned.line}`,
        'Keep each name in one of the two inputs.',
      );
    }
  }
}
