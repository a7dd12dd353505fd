import { cleanUpAfterCancel } from '../../deploy/cancel.ts';
import { describePostDeployFailure, resultsJson, runPostDeploy } from '../../post-deploy/run-commands.ts';
import { destructiveSummary, destructiveWarning } from '../../post-deploy/forbid.ts';
import { renderPostDeploySummary } from '../../post-deploy/summary.ts';
import { contextFromEnv } from '../../shared/context.ts';
import { ConfigurationError } from '../../shared/errors.ts';
import { Inputs } from '../../shared/inputs.ts';
import { scalingoClient } from '../clients.ts';
import { actionsInputReader, actionsLogger, appendSummary, runAction, setOutput } from '../runtime.ts';
import { readPostDeployInputs } from './inputs.ts';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const read = () => readPostDeployInputs(new Inputs(actionsInputReader), env, contextFromEnv(env));
  await runAction(
    'post-deploy',
    async (lifecycle) => {
      const logger = actionsLogger();
      const { scalingo: settings, commands, destructive } = read();
      if (destructive) logger.warning(destructiveWarning(destructive), 'Destructive commands allowed');
      const scalingo = scalingoClient(settings, logger);
      const outcome = await runPostDeploy({ scalingo, logger, lifecycle, ...commands });

      setOutput('results', resultsJson(outcome.results));
      setOutput('failed-command', outcome.failed?.command ?? '');
      const failure = describePostDeployFailure(outcome);
      await appendSummary(
        (destructive ? `${destructiveSummary(destructive)}\n` : '') +
          `### Post-deploy commands on ${settings.app}\n\n${renderPostDeploySummary(outcome.results)}\n` +
          (failure ? `\n**Failed:** ${failure}\n` : ''),
      );
      if (lifecycle.signal.aborted) throw lifecycle.signal.reason;
      if (failure) throw new ConfigurationError(failure);
    },
    async ({ state, logger }) => {
      const { scalingo: settings } = read();
      const scalingo = scalingoClient(settings, logger);
      // No GitHub here: only the one-off container a cancelled step may have left running.
      const github = { latestDeploymentStatus: async () => undefined, createDeploymentStatus: async () => {} };
      const done = await cleanUpAfterCancel({ github, scalingo, logger }, state);
      if (done.length > 0)
        await appendSummary(`### Cleanup after the cancelled step\n\n${done.map((d) => `- ${d}`).join('\n')}\n`);
    },
  );
}
