import * as core from '../../shared/runner.ts';
import { actionsInputReader, actionsLogger, appendSummary, runAction } from '../../shared/actions-runtime.ts';
import { ConfigurationError } from '../../shared/errors.ts';
import { Inputs, type InputReader } from '../../shared/inputs.ts';
import type { Logger } from '../../shared/logger.ts';
import { ScalingoClient } from '../../scalingo/client.ts';
import type { OneOffApi } from '../../post-deploy/one-off.ts';
import { describePostDeployFailure, resultsJson, runPostDeploy } from '../../post-deploy/run-commands.ts';
import { renderPostDeploySummary } from '../../post-deploy/summary.ts';
import type { ScalingoSettings } from '../../shared/scalingo-settings.ts';
import { readPostDeployInputs } from './inputs.ts';

export interface PostDeployDeps {
  read?: InputReader;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  scalingo?: (settings: ScalingoSettings, logger: Logger) => OneOffApi;
}

export async function run(deps: PostDeployDeps = {}): Promise<void> {
  await runAction(async () => {
    const logger = deps.logger ?? actionsLogger();
    const inputs = new Inputs(deps.read ?? actionsInputReader);
    logger.mask(inputs.raw('api-token'));
    const config = readPostDeployInputs(inputs, deps.env ?? process.env);
    const scalingo = (deps.scalingo ?? defaultClient)(config.scalingo, logger);

    const outcome = await runPostDeploy({
      scalingo,
      app: config.scalingo.app,
      commands: config.commands,
      size: config.size,
      env: config.env,
      timeoutMs: config.timeoutMs,
      continueOnError: config.continueOnError,
      logger,
    });

    core.setOutput('results', resultsJson(outcome.results));
    core.setOutput('failed-command', outcome.failed?.command ?? '');
    const failure = describePostDeployFailure(outcome);
    appendSummary(
      `### Post-deploy commands on ${config.scalingo.app}\n\n${renderPostDeploySummary(outcome.results)}\n` +
        (failure ? `\n**Failed:** ${failure}\n` : ''),
    );
    if (failure) throw new ConfigurationError(failure);
  });
}

function defaultClient(settings: ScalingoSettings, logger: Logger): OneOffApi {
  return new ScalingoClient({
    apiToken: settings.apiToken,
    apiUrl: settings.apiUrl,
    authUrl: settings.authUrl,
    dbApiUrl: settings.dbApiUrl,
    logger,
  });
}
