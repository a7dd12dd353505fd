import type { RunContext } from '../../shared/context.ts';
import { inputError } from '../../shared/errors.ts';
import type { Inputs } from '../../shared/inputs.ts';
import { readScalingoSettings, type ScalingoSettings } from '../../shared/scalingo-settings.ts';
import type { RestartMode, VariablesParams } from '../../variables/apply.ts';
import { checkSetAndUnset, parseAssignments, parseNames } from '../../variables/parse.ts';
import { mergeRequired, requiredFromFile } from '../../variables/required.ts';

export interface VariablesInputs {
  scalingo: ScalingoSettings;
  variables: VariablesParams;
}

const RESTART_MODES: readonly RestartMode[] = ['auto', 'true', 'false'];

/**
 * Every input, checked before the first request. `mask` receives each value of `set` as soon as it
 * is read: any of them may be a secret, and none may reach the log.
 */
export function readVariablesInputs(
  inputs: Inputs,
  env: NodeJS.ProcessEnv,
  context: RunContext,
  mask: (value: string) => void,
): VariablesInputs {
  const set = parseAssignments('set', inputs.raw('set'), mask);
  const scalingo = readScalingoSettings(inputs, env);
  const unset = parseNames('unset', inputs.raw('unset'));
  checkSetAndUnset(set, unset);
  const from = inputs.optional('require-from');
  const required = mergeRequired(
    parseNames('require', inputs.raw('require')).map(({ name }) => ({ name, from: '`require`' })),
    from === undefined ? [] : requiredFromFile('require-from', from, context.workspace),
  );
  const restart = inputs.oneOf('restart', RESTART_MODES, 'auto');
  if (set.length === 0 && unset.length === 0 && required.length === 0 && restart !== 'true') {
    throw inputError(
      'set',
      'is empty, and so are `unset`, `require` and `require-from`: there is nothing to do',
      'List NAME=value lines in `set`, names in `unset` or `require`, or a file in `require-from`.',
    );
  }
  return {
    scalingo,
    variables: {
      app: scalingo.app,
      set,
      unset,
      required,
      restart,
      restartTimeoutMs: inputs.duration('restart-timeout', '5m'),
      dryRun: inputs.boolean('dry-run', false),
    },
  };
}
