import { planFlow, type FlowPath, type FlowPlan } from '../../flow/plan.ts';
import { contextFromEnv } from '../../shared/context.ts';
import { Inputs, type InputReader } from '../../shared/inputs.ts';
import { run as deploy } from '../deploy/run.ts';
import { run as deployProduction } from '../deploy-production/run.ts';
import { run as reviewApp } from '../review-app/run.ts';
import { actionsInputReader, actionsLogger, keepState, notice, runAction, setOutput, stepState } from '../runtime.ts';
import { readFlowSettings } from './inputs.ts';

const PATHS: Record<FlowPath, (env: NodeJS.ProcessEnv, reader: InputReader) => Promise<void>> = {
  deploy,
  'deploy-production': deployProduction,
  'review-app': reviewApp,
};

const FLOW_STATE = 'flow-started';

/**
 * Plans from the event, then runs the chosen action's own code with the inputs it would have had.
 * The `post:` step plans again (the same event, the same answer) and hands over to that action's
 * own cleanup.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const context = contextFromEnv(env);
  const post = stepState(FLOW_STATE) === 'true';
  let plan: FlowPlan | undefined;
  await runAction('scalingo-actions', async () => {
    plan = planFlow(context, readFlowSettings(new Inputs(actionsInputReader)));
  });
  if (!plan) return;
  if (plan.path === 'nothing') {
    if (!post) {
      notice(`Nothing to do for ${plan.why}.`, 'scalingo-actions');
      setOutput('flow', 'nothing');
    }
    return;
  }
  if (!post) {
    keepState(FLOW_STATE, 'true');
    setOutput('flow', plan.flow);
    actionsLogger().info(`scalingo-actions: ${plan.why}.`);
  }
  const given = plan.inputs;
  const reader: InputReader = (name) => given[name] ?? actionsInputReader(name);
  await PATHS[plan.path](env, reader);
}
