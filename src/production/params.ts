// What a production release takes: its parameters (the inputs, read and checked) and its clients.
import type { AftercareDeps, AftercareParams } from '../aftercare/params.ts';
import type { DeployDeps, PostDeployParams } from '../deploy/deploy.ts';
import type { ScalingoApi } from '../scalingo/api.ts';
import type { BackupMode } from './backup.ts';
import type { ClaimGitHub } from './claim.ts';
import type { GuardInput } from './guards.ts';
import type { GuardGitHub, ReleaseGitHub } from './ports.ts';
import type { NotesGenerator } from './release.ts';
import type { DestructiveAllowance } from '../post-deploy/forbid.ts';
import type { RequiredName } from '../variables/required.ts';
import type { DeployWindow } from './deploy-window.ts';
import type { MaintenanceSettings } from './maintenance.ts';

/** The guards' input is part of the release's: `release` hands these params to runGuards as they are. */
export interface ProductionParams extends GuardInput {
  backup: { mode: BackupMode; timeoutMs: number; intervalMs?: number };
  timeoutMs: number;
  environment: string;
  postDeploy?: PostDeployParams;
  healthCheck?: { target: string; timeoutMs: number };
  rollback: boolean;
  release: boolean;
  notifyWebhook?: string;
  pollIntervalMs?: number;
  /** Variables production must have (the env guard). */
  requireEnv?: readonly RequiredName[];
  /** When the release may start (the deploy-window guard); undefined: any time. */
  deployWindows?: readonly DeployWindow[];
  /** Undefined: `maintenance: off`. */
  maintenance?: MaintenanceSettings;
  /** Forbidden post-deploy commands `allow-destructive` let through. */
  destructive?: DestructiveAllowance;
  /** The chores once production runs the tag (released comments, milestone, Sentry). */
  aftercare?: AftercareParams;
}

export interface ProductionDeps extends DeployDeps {
  scalingo: ScalingoApi;
  github: DeployDeps['github'] & GuardGitHub & ReleaseGitHub & ClaimGitHub;
  generateNotes: NotesGenerator;
  now?: () => Date;
  aftercare?: Omit<AftercareDeps, 'logger' | 'signal'>;
}
