import type { SemVer } from 'semver';
import type { DeployResult } from '../deploy/result.ts';
import { firstLine } from '../shared/errors.ts';
import type { Release } from '../github/types.ts';
import type { AftercareReport, AftercareStepName } from '../aftercare/params.ts';
import type { BackupResult } from './backup.ts';
import type { GuardCheck, PreviousRelease } from './guards.ts';
import type { DestructiveAllowance } from '../post-deploy/forbid.ts';
import type { MaintenanceMode } from './maintenance.ts';

/** What the maintenance window did, for the summary and the notification. */
export interface MaintenanceRecord {
  mode: Exclude<MaintenanceMode, 'off'>;
  names: string[];
  entered: boolean;
  lifted: boolean;
  /** From the variables being set to the restart after they were lifted. */
  durationMs?: number;
  /** When it could not be lifted: why, and the commands that lift it by hand. */
  error?: string;
  command?: string;
}

export type StepName =
  'guards' | 'backup' | 'maintenance' | 'deploy' | 'post-deploy' | 'health-check' | 'rollback' | 'release' | 'notify';
export type StepOutcome = 'success' | 'failure' | 'refused' | 'skipped' | 'warning';

export interface StepRecord {
  /** The release's steps, then the chores after it (src/aftercare/). */
  name: StepName | AftercareStepName;
  outcome: StepOutcome;
  detail: string;
  /** null for a step that did not run. */
  durationMs: number | null;
}

/** Everything a production release did, for the outputs, the summary and the notification. */
export interface ProductionReport {
  app: string;
  tag: string;
  version: SemVer;
  sha?: string;
  previous: PreviousRelease | null;
  actor: string;
  eventName: string;
  /** force as it applied (only workflow_dispatch may force). */
  forced: boolean;
  /** The guards force skips in this release (version, staging, and deploy-window when set). */
  forceSkips?: string[];
  maintenance?: MaintenanceRecord;
  destructive?: DestructiveAllowance;
  steps: StepRecord[];
  guards: GuardCheck[];
  backup?: BackupResult;
  deploy?: DeployResult;
  rollback?: DeployResult;
  rolledBack: boolean;
  release?: Release;
  appUrl?: string;
  runUrl: string;
  /** What the chores after the release did (Sentry, milestone, comments, watch). */
  aftercare?: AftercareReport;
  /** Set when the step must fail; outputs and summary are written first. */
  error?: unknown;
}

/** Times one step and records it; a throw is recorded as a failure (or `refused`) and rethrown. */
export async function timed<T>(
  report: ProductionReport,
  name: StepName,
  body: () => Promise<T>,
  describe: (value: T) => { outcome?: StepOutcome; detail: string },
  onError: (error: unknown) => { outcome: StepOutcome; detail: string } = (error) => ({
    outcome: 'failure',
    detail: firstLine(error),
  }),
): Promise<T> {
  const started = Date.now();
  try {
    const value = await body();
    const { outcome = 'success', detail } = describe(value);
    report.steps.push({ name, outcome, detail, durationMs: Date.now() - started });
    return value;
  } catch (error) {
    report.steps.push({ name, ...onError(error), durationMs: Date.now() - started });
    throw error;
  }
}

export function skip(report: ProductionReport, name: StepName, detail: string): void {
  report.steps.push({ name, outcome: 'skipped', detail, durationMs: null });
}

export { firstLine };
