// The variables action's domain: check the requirements, then one bulk PUT for every value that
// differs, one bulk DELETE for every name to remove, and a restart waited for until it is done.
// Nothing is sent when a requirement fails or on a dry run.
import type { ScalingoApi } from '../scalingo/api.ts';
import { ConfigurationError, describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { Assignment, NamedLine } from './parse.ts';
import { hasChanges, MissingVariables, missingAfter, planChanges, type ChangePlan } from './plan.ts';
import type { RequiredName } from './required.ts';
import { restartAndConfirm } from './restart.ts';

export type RestartMode = 'auto' | 'true' | 'false';

export interface VariablesParams {
  app: string;
  set: readonly Assignment[];
  unset: readonly NamedLine[];
  required: readonly RequiredName[];
  restart: RestartMode;
  restartTimeoutMs: number;
  dryRun: boolean;
  pollIntervalMs?: number;
}

export type RestartOutcome = 'done' | 'unconfirmed' | 'not-needed' | 'off' | 'dry-run';

export interface VariablesReport {
  app: string;
  plan: ChangePlan;
  required: readonly RequiredName[];
  dryRun: boolean;
  restart: RestartOutcome;
  restartMs?: number;
}

export type VariablesScalingo = Pick<ScalingoApi, 'variables' | 'apps'>;

export async function changeVariables(
  deps: { scalingo: VariablesScalingo; logger: Logger; signal?: AbortSignal },
  params: VariablesParams,
): Promise<VariablesReport> {
  const { scalingo, logger } = deps;
  const unset = params.unset.map((u) => u.name);
  const current = await scalingo.variables.list(params.app);
  const missing = missingAfter(current, params.required, params.set, unset);
  if (missing.length > 0) throw new MissingVariables(params.app, missing, 'Nothing was changed.');
  const plan = planChanges(current, params.set, unset);
  const report: VariablesReport = {
    app: params.app,
    plan,
    required: params.required,
    dryRun: params.dryRun,
    restart: 'not-needed',
  };
  if (params.dryRun) {
    logger.info(`Dry run: nothing was changed on ${params.app}.`);
    return { ...report, restart: 'dry-run' };
  }
  if (plan.put.length > 0) {
    logger.info(`Setting ${[...plan.added, ...plan.changed].join(', ')} on ${params.app} (one request).`);
    await scalingo.variables.upsert(params.app, plan.put);
  }
  if (plan.deleteIds.length > 0) {
    logger.info(`Removing ${plan.removed.join(', ')} from ${params.app} (one request).`);
    try {
      await scalingo.variables.deleteMany(params.app, plan.deleteIds);
    } catch (error) {
      const done = plan.put.length > 0 ? `${[...plan.added, ...plan.changed].join(', ')} were set, but ` : '';
      throw new ConfigurationError(
        `${done}removing ${plan.removed.join(', ')} from ${params.app} failed: ${describeError(error)} ` +
          'The app was not restarted. Run the step again: it only sends what still differs.',
      );
    }
  }
  const wanted = params.restart === 'true' || (params.restart === 'auto' && hasChanges(plan));
  if (!wanted) return { ...report, restart: params.restart === 'false' ? 'off' : 'not-needed' };
  try {
    const restarted = await restartAndConfirm(deps, params.app, {
      timeoutMs: params.restartTimeoutMs,
      why: 'so its containers run with the new variables',
      ...(params.pollIntervalMs === undefined ? {} : { intervalMs: params.pollIntervalMs }),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    return { ...report, restart: restarted.confirmed ? 'done' : 'unconfirmed', restartMs: restarted.durationMs };
  } catch (error) {
    const message = describeError(error);
    const what = hasChanges(plan)
      ? `The variables were changed, but ${message[0]!.toLowerCase()}${message.slice(1)}`
      : message;
    throw new ConfigurationError(
      `${what} The containers run with the previous values until they restart: ` +
        `restart the app from the dashboard or with \`scalingo --app ${params.app} restart\`.`,
    );
  }
}
