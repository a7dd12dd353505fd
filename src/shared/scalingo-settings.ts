// The inputs every action about one Scalingo app shares: `app`, and where and as whom to reach it.
import type { Inputs } from './inputs.ts';
import { readScalingoConnection, validateAppName, type ScalingoConnection } from './scalingo-connection.ts';

export { validateAppName };

export interface ScalingoSettings extends ScalingoConnection {
  app: string;
}

/** Reads app, then api-token, region and the URL overrides (see readScalingoConnection). */
export function readScalingoSettings(inputs: Inputs, env: NodeJS.ProcessEnv): ScalingoSettings {
  const app = validateAppName('app', inputs.required('app', 'Set `app:` to the name of your Scalingo app.'));
  return { app, ...readScalingoConnection(inputs, env) };
}
