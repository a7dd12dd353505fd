import type { Inputs } from '../../shared/inputs.ts';
import { readScalingoSettings, type ScalingoSettings } from '../../shared/scalingo-settings.ts';
import { parseEnvLines, parsePreset, parseSize, resolveCommands } from '../../post-deploy/commands.ts';
import type { PostDeployOptions } from '../../post-deploy/run-commands.ts';

export interface PostDeployInputs {
  scalingo: ScalingoSettings;
  /** The commands and how to run them, as the post-deploy runner takes them. */
  commands: Pick<PostDeployOptions, 'app' | 'commands' | 'size' | 'env' | 'timeoutMs' | 'continueOnError' | 'isolate'>;
}

/** Every input of the action, validated before anything is started on Scalingo. */
export function readPostDeployInputs(inputs: Inputs, env: NodeJS.ProcessEnv): PostDeployInputs {
  const scalingo = readScalingoSettings(inputs, env);
  const preset = parsePreset('preset', inputs.optional('preset'));
  return {
    scalingo,
    commands: {
      app: scalingo.app,
      commands: resolveCommands(preset, inputs.lines('commands')),
      size: parseSize('size', inputs.optional('size')),
      env: parseEnvLines('env', inputs.lines('env')),
      timeoutMs: inputs.duration('timeout', '30m'),
      continueOnError: inputs.boolean('continue-on-error', false),
      isolate: inputs.boolean('isolate', false),
    },
  };
}
