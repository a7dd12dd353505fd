import { contextFromEnv } from '../../shared/context.ts';
import { Inputs } from '../../shared/inputs.ts';
import { changeVariables } from '../../variables/apply.ts';
import { renderVariablesSummary } from '../../variables/summary.ts';
import { scalingoClient } from '../clients.ts';
import { actionsInputReader, actionsLogger, appendSummary, runAction, setOutput } from '../runtime.ts';
import { readVariablesInputs } from './inputs.ts';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction('variables', async (lifecycle) => {
    const logger = actionsLogger();
    const context = contextFromEnv(env);
    const { scalingo: settings, variables } = readVariablesInputs(new Inputs(actionsInputReader), env, context, (v) =>
      logger.mask(v),
    );
    const scalingo = scalingoClient(settings, logger);
    const report = await changeVariables({ scalingo, logger, signal: lifecycle.signal }, variables);
    setOutput('added', report.plan.added.join(','));
    setOutput('changed', report.plan.changed.join(','));
    setOutput('removed', report.plan.removed.join(','));
    setOutput('restarted', String(report.restart === 'done' || report.restart === 'unconfirmed'));
    await appendSummary(renderVariablesSummary(report));
  });
}
