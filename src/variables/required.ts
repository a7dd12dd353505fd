// The names an app must have, from the inputs or from a file of the repository: a `.env.example`
// (dotenv lines) or a `scalingo.json` / `app.json` manifest (its `env` keys, §16).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { isVariableName, NAME_RULE } from '../shared/env-names.ts';
import { inputError } from '../shared/errors.ts';

export interface RequiredName {
  name: string;
  /** Where the requirement comes from, for the message: "`require`", ".env.example". */
  from: string;
}

function dotenvNames(input: string, file: string, text: string): string[] {
  const names: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const name = line.split('=')[0]!.trim();
    if (!isVariableName(name)) {
      throw inputError(
        input,
        `${file} line ${index + 1}: '${name.slice(0, 64)}' is not a variable name`,
        `Write NAME=example lines (${NAME_RULE}); comments start with #.`,
      );
    }
    names.push(name);
  }
  return names;
}

/** Every `env` key, except those whose value is null or "": in a manifest they remove a variable. */
function manifestNames(input: string, file: string, text: string): string[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw inputError(input, `${file} is not valid JSON (${(error as Error).message})`, 'Fix the file or the path.');
  }
  const env = (manifest as { env?: unknown } | null)?.env;
  if (env === undefined) return [];
  if (!env || typeof env !== 'object' || Array.isArray(env)) {
    throw inputError(input, `${file}: "env" is not an object`, 'Write "env": { "NAME": { "description": … } }.');
  }
  return Object.entries(env as Record<string, { value?: unknown } | null>)
    .filter(([, entry]) => !(entry && 'value' in entry && (entry.value === null || entry.value === '')))
    .map(([name]) => {
      if (!isVariableName(name))
        throw inputError(input, `${file}: '${name}' is not a variable name`, `Scalingo ${NAME_RULE}.`);
      return name;
    });
}

/** The names a file requires; `path` is relative to the workspace. Read before any request. */
export function requiredFromFile(input: string, path: string, workspace: string): RequiredName[] {
  const file = isAbsolute(path) ? path : join(workspace, path);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw inputError(
      input,
      `'${path}' does not exist (looked for ${file})`,
      'Check out the repository in an earlier step (actions/checkout), or fix the path.',
    );
  }
  const text = readFileSync(file, 'utf8');
  const names = /\.json$/i.test(file) ? manifestNames(input, path, text) : dotenvNames(input, path, text);
  return [...new Set(names)].map((name) => ({ name, from: basename(path) }));
}

/** The names listed in an input and those of its file, each once (the first source wins). */
export function mergeRequired(...lists: RequiredName[][]): RequiredName[] {
  const merged: RequiredName[] = [];
  for (const item of lists.flat()) if (!merged.some((m) => m.name === item.name)) merged.push(item);
  return merged;
}
