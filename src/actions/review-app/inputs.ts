import { readHealthCheck, readTimeout } from '../../deploy/wait-inputs.ts';
import { parseEnvLines, parseSize } from '../../post-deploy/commands.ts';
import { parseAddonSpecs } from '../../review-app/addons.ts';
import type { ReviewAppParams } from '../../review-app/params.ts';
import { inputError } from '../../shared/errors.ts';
import type { Inputs } from '../../shared/inputs.ts';
import { readScalingoConnection, validateAppName, type ScalingoConnection } from '../../shared/scalingo-connection.ts';

export interface ReviewAppInputs {
  scalingo: ScalingoConnection;
  githubToken: string;
  review: ReviewAppParams;
}

const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_VALUE = 8192;

/** Whether forks and bots are let in: read first, so a fork's run (no secrets) is turned away cleanly. */
export function readGate(inputs: Inputs): { allowForks: boolean; skipBots: boolean } {
  return { allowForks: inputs.boolean('allow-forks', false), skipBots: inputs.boolean('skip-bots', true) };
}

/** `env` lines, KEY=VALUE; `input` is the name the user wrote them under. */
export function readEnv(input: string, lines: readonly string[]): Record<string, string> {
  const env = parseEnvLines(input, lines);
  for (const [name, value] of Object.entries(env)) {
    if (value.length > MAX_VALUE) {
      throw inputError(
        input,
        `the value of ${name} is ${value.length} characters long`,
        `Scalingo keeps at most ${MAX_VALUE}.`,
      );
    }
  }
  return env;
}

/** `unset-env` names, separated by spaces, commas or lines; none may also be set in `env`. */
export function readUnset(
  input: string,
  lines: readonly string[],
  env: Record<string, string>,
  envInput = 'env',
): string[] {
  const names = lines.flatMap((line) => line.split(/[\s,]+/)).filter(Boolean);
  for (const name of names) {
    if (!VARIABLE_NAME.test(name)) {
      throw inputError(
        input,
        `'${name}' is not a variable name`,
        'Names start with a letter and use letters, digits and underscores (at most 64).',
      );
    }
    if (name in env) throw inputError(input, `${name} is also set in \`${envInput}\``, 'Keep it in one of the two.');
  }
  return names;
}

function readPullRequestNumber(inputs: Inputs): number | undefined {
  const raw = inputs.optional('pr-number');
  if (raw === undefined) return undefined;
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) {
    throw inputError('pr-number', `'${raw}' is not a pull request number`, 'Give the number alone, e.g. 42.');
  }
  return Number(raw);
}

/** Every input, checked before anything is read from or changed on Scalingo. */
export function readReviewAppInputs(inputs: Inputs, env: NodeJS.ProcessEnv): ReviewAppInputs {
  const parentApp = validateAppName(
    'parent-app',
    inputs.required('parent-app', 'Set `parent-app:` to the app review apps are made from, e.g. my-app-staging.'),
  );
  const scalingo = readScalingoConnection(inputs, env);
  const githubToken = inputs.required(
    'github-token',
    'Leave `github-token` at its default (`${{ github.token }}`) and give the job `permissions: { contents: read, deployments: write, pull-requests: write }`.',
  );
  const variables = readEnv('env', inputs.lines('env'));
  const seedCommands = inputs.lines('seed');
  const database = inputs.oneOf('database', ['fresh', 'copy-of-parent'] as const, 'fresh');
  const seed =
    seedCommands.length > 0
      ? { commands: seedCommands, size: parseSize('seed-size', inputs.optional('seed-size')) }
      : undefined;
  return {
    scalingo,
    githubToken,
    review: {
      mode: inputs.oneOf('mode', ['child-app', 'integration'] as const, 'child-app'),
      parentApp,
      pullRequest: readPullRequestNumber(inputs),
      addons: parseAddonSpecs('addons', inputs.lines('addons')),
      env: variables,
      unsetEnv: readUnset('unset-env', inputs.lines('unset-env'), variables),
      seed,
      database,
      ...readGate(inputs),
      maxReviewApps: inputs.positiveInteger('max-review-apps', 10),
      cleanup: inputs.boolean('cleanup', false),
      maxAgeMs: inputs.duration('max-age', '7d', { minMs: 3_600_000, maxMs: 365 * 86_400_000 }),
      addonTimeoutMs: inputs.duration('addon-timeout', '10m'),
      timeoutMs: readTimeout(inputs),
      comment: inputs.boolean('comment', true),
      healthCheck: readHealthCheck(inputs),
    },
  };
}
