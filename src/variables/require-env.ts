// `require-env` of the deploy actions: the app must have these variables before anything changes
// (a release that needs a variable nobody set crashes at boot, or worse, boots with a default).
import type { ScalingoApi } from '../scalingo/api.ts';
import type { Logger } from '../shared/logger.ts';
import { MissingVariables, missingAfter } from './plan.ts';
import type { RequiredName } from './required.ts';

/** Reads the variables (a GET, nothing else) and refuses, naming every missing one. */
export async function checkRequiredEnv(
  deps: { scalingo: Pick<ScalingoApi, 'variables'>; logger: Logger },
  app: string,
  required: readonly RequiredName[],
  nothing = 'Nothing was deployed.',
): Promise<void> {
  if (required.length === 0) return;
  const missing = missingAfter(await deps.scalingo.variables.list(app), required);
  if (missing.length > 0) throw new MissingVariables(app, missing, nothing);
  deps.logger.info(`${app} has the ${required.length} required environment variable(s).`);
}
