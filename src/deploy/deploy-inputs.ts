// The inputs the deploy and deploy-production actions share, read the same way in both so their
// names, defaults and errors cannot drift apart. Each action's inputs.ts still reads its own.
import { inputError } from '../shared/errors.ts';
import { isRefName } from '../shared/git-refs.ts';
import type { Inputs } from '../shared/inputs.ts';
import { parseEnvLines, parseSize } from '../post-deploy/commands.ts';
import type { ContainerSize } from '../post-deploy/commands.ts';
import { parseNames } from '../variables/parse.ts';
import { mergeRequired, requiredFromFile, type RequiredName } from '../variables/required.ts';

export { readHealthCheck, readTimeout, type HealthCheckInput } from './wait-inputs.ts';

export interface PostDeployInput {
  commands: string[];
  size: ContainerSize;
  env: Record<string, string>;
  /** One container per command instead of one for them all. */
  isolate: boolean;
}

/** `fix` says which branch this action expects. */
export function readBranch(inputs: Inputs, fix: string): string | undefined {
  const branch = inputs.optional('branch');
  if (branch !== undefined && !isRefName(branch)) throw inputError('branch', `'${branch}' is not a branch name`, fix);
  return branch;
}

/** `needs` finishes the fix: what the token must be allowed to do for this action. */
export function readGithubToken(inputs: Inputs, needs: string): string {
  return inputs.required(
    'github-token',
    `Leave \`github-token\` at its default (\`\${{ github.token }}\`) or pass a token ${needs}.`,
  );
}

/** Commands to run in a one-off after the deploy; size, env and isolate are validated even when there are none. */
export function readPostDeploy(inputs: Inputs): PostDeployInput | undefined {
  const commands = inputs.lines('post-deploy');
  const env = parseEnvLines('post-deploy-env', inputs.lines('post-deploy-env'));
  const size = parseSize('post-deploy-size', inputs.optional('post-deploy-size'));
  const isolate = inputs.boolean('post-deploy-isolate', false);
  return commands.length > 0 ? { commands, size, env, isolate } : undefined;
}

/** `require-env` (names) and `require-env-from` (a .env.example or scalingo.json of the checkout). */
export function readRequireEnv(inputs: Inputs, workspace: string): RequiredName[] {
  const listed = parseNames('require-env', inputs.raw('require-env')).map(({ name }) => ({
    name,
    from: '`require-env`',
  }));
  const from = inputs.optional('require-env-from');
  return mergeRequired(listed, from === undefined ? [] : requiredFromFile('require-env-from', from, workspace));
}
