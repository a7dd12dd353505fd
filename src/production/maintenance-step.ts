// The maintenance window in the release: entered before the deploy (during-release) or before the
// post-deploy commands (during-post-deploy), lifted before the health check, so the check sees
// what users will see, and in any case once the release is over: after a failure, after the
// rollback (which redeploys while the app is still in maintenance), after a cancellation.
import type { DeployHooks } from '../deploy/deploy.ts';
import { ConfigurationError, describeError, ManualActionRequired } from '../shared/errors.ts';
import { formatDuration } from '../shared/duration.ts';
import type { Logger } from '../shared/logger.ts';
import { MaintenanceWindow, type MaintenanceDeps, type MaintenanceSettings } from './maintenance.ts';
import type { ProductionReport } from './steps.ts';

export interface MaintenanceRun {
  window: MaintenanceWindow;
  settings: MaintenanceSettings;
}

/** Enters, or throws saying the release stopped; what was set is lifted by closeMaintenance. */
export async function enterMaintenance(run: MaintenanceRun, report: ProductionReport, app: string): Promise<void> {
  report.maintenance = { mode: run.settings.mode, names: run.window.names, entered: false, lifted: false };
  try {
    await run.window.enter();
  } catch (error) {
    throw new ConfigurationError(`Could not put ${app} in maintenance: ${describeError(error)}`);
  }
  report.maintenance.entered = true;
}

/** Lifts the window if it is still up and records the step; never throws. Safe to call twice. */
export async function closeMaintenance(
  run: MaintenanceRun | undefined,
  report: ProductionReport,
  logger: Logger,
): Promise<void> {
  if (!run || report.steps.some((s) => s.name === 'maintenance')) return;
  const record = report.maintenance;
  if (!record) {
    const stopper = report.steps.at(-1)?.name ?? 'guards';
    report.steps.push({
      name: 'maintenance',
      outcome: 'skipped',
      detail: `not entered: the ${stopper} step stopped the release`,
      durationMs: null,
    });
    return;
  }
  const outcome = await run.window.lift();
  record.lifted = outcome.lifted;
  const durationMs = run.window.durationMs;
  if (durationMs !== undefined) record.durationMs = durationMs;
  const names = record.names.join(', ');
  if (outcome.lifted) {
    report.steps.push({
      name: 'maintenance',
      outcome: 'success',
      detail: record.entered
        ? `${names} set, then lifted: in maintenance for ${formatDuration(durationMs ?? 0)}`
        : `entering failed; ${names} put back as they were`,
      durationMs: durationMs ?? null,
    });
    return;
  }
  record.error = outcome.error ?? 'unknown error';
  record.command = outcome.command ?? run.window.command;
  const message = stillInMaintenance(report.app, record.error, record.command);
  logger.error(message, 'Maintenance NOT lifted');
  report.steps.push({ name: 'maintenance', outcome: 'failure', detail: message, durationMs: durationMs ?? null });
  report.error ??= new ManualActionRequired(message);
}

export function stillInMaintenance(app: string, error: string, command: string): string {
  return `${app} is STILL IN MAINTENANCE: lifting it failed (${error}). Lift it by hand now: ${command}`;
}

/** The deploy's hooks: enter before the commands (during-post-deploy), lift before the health check. */
export function maintenanceHooks(
  run: MaintenanceRun | undefined,
  report: ProductionReport,
  logger: Logger,
  app: string,
): DeployHooks {
  if (!run) return {};
  return {
    ...(run.settings.mode === 'during-post-deploy'
      ? { beforePostDeploy: () => enterMaintenance(run, report, app) }
      : {}),
    beforeHealthCheck: () => closeMaintenance(run, report, logger),
  };
}

/**
 * The `post:` step of a cancelled or killed release: lifts what the main step's state says it set.
 * A failure fails the post step too (ManualActionRequired), with the commands to lift it by hand.
 */
export async function liftAfterCancel(deps: MaintenanceDeps, state: string, timeoutMs: number): Promise<string[]> {
  const window = MaintenanceWindow.resume(deps, state, timeoutMs);
  if (!window) return [];
  const outcome = await window.lift();
  if (!outcome.lifted) {
    const message = stillInMaintenance(window.app, outcome.error ?? 'unknown error', outcome.command ?? window.command);
    deps.logger.error(message, 'Maintenance NOT lifted');
    throw new ManualActionRequired(message);
  }
  return [
    `Maintenance lifted on ${window.app}: ${window.names.join(', ')} put back as they were, and the app restarted.`,
  ];
}
