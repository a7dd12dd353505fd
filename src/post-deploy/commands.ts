// What to run after a deploy: the command list (preset + lines), the container size and the extra
// environment. Shared by the post-deploy, deploy and deploy-production actions so their inputs agree.
import { isVariableName } from '../shared/env-names.ts';
import { inputError } from '../shared/errors.ts';

export const PRESETS = {
  django: ['python manage.py migrate --noinput', 'python manage.py clearsessions'],
  symfony: ['php bin/console doctrine:migrations:migrate --no-interaction'],
  rails: ['bundle exec rails db:migrate'],
} as const satisfies Record<string, readonly string[]>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** Container sizes Scalingo offers (GET /v1/features/container_sizes, recorded: S to 4XL); the API default is M. */
export const SIZES = ['S', 'M', 'L', 'XL', '2XL', '3XL', '4XL'] as const;
export type ContainerSize = (typeof SIZES)[number];

export function parsePreset(input: string, value: string | undefined): PresetName | undefined {
  if (value === undefined || value === '') return undefined;
  const name = value.trim().toLowerCase();
  if (!(PRESET_NAMES as string[]).includes(name)) {
    throw inputError(
      input,
      `'${value}' is not a known preset`,
      `Use one of ${PRESET_NAMES.join(', ')}, or leave it empty and list your own commands.`,
    );
  }
  return name as PresetName;
}

/**
 * The commands to run, in order: the preset's first, then the given lines (already stripped of blank
 * lines and `#` comments by Inputs.lines). Nothing to run is an error: a post-deploy step that
 * silently does nothing would hide a forgotten migration.
 */
export function resolveCommands(
  preset: PresetName | undefined,
  lines: readonly string[],
  input = 'commands',
): string[] {
  const commands = [
    ...(preset ? PRESETS[preset] : []),
    ...lines.map((line) => line.trim()).filter((line) => line !== ''),
  ];
  if (commands.length === 0) {
    throw inputError(
      input,
      'is empty and no preset is set, so there is nothing to run',
      `List one command per line (e.g. 'python manage.py migrate --noinput'), or set 'preset' to one of ${PRESET_NAMES.join(', ')}.`,
    );
  }
  return commands;
}

export function parseSize(input: string, value: string | undefined): ContainerSize {
  if (value === undefined || value.trim() === '') return 'M';
  const size = value.trim().toUpperCase();
  if (!(SIZES as readonly string[]).includes(size)) {
    throw inputError(
      input,
      `'${value}' is not a Scalingo container size`,
      `Use one of ${SIZES.join(', ')} (default M).`,
    );
  }
  return size as ContainerSize;
}

/** `KEY=VALUE` lines (blank lines and comments already skipped) into the one-off's extra environment. */
export function parseEnvLines(input: string, lines: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [index, line] of lines.entries()) {
    const at = line.indexOf('=');
    const name = line.slice(0, at).trim();
    if (at === -1 || !isVariableName(name)) {
      // Never quote the whole line: it may hold a secret value.
      const problem = at === -1 ? `entry ${index + 1} has no '='` : `'${name}' is not a valid variable name`;
      throw inputError(
        input,
        problem,
        'Write one KEY=VALUE per line; names start with a letter and use letters, digits and underscores (at most 64).',
      );
    }
    if (Object.hasOwn(env, name)) {
      throw inputError(input, `'${name}' is set twice`, 'Keep one line per variable.');
    }
    env[name] = line.slice(at + 1);
  }
  return env;
}
