// What a deploy produced, success or not: the deploy code path returns it, DeployFailedError
// carries it, and the summaries and outputs read it.
import type { Deployment, DeploymentStatus } from '../scalingo/types.ts';
import type { PostDeployOutcome } from '../post-deploy/run-commands.ts';
import type { HealthCheckResult } from './health-check.ts';
import type { RuntimeLogTail } from './runtime-logs.ts';

/** Where a deploy failed: Scalingo's verdict, our timeout, or a step after a successful deployment. */
export type DeployPhase = 'deployment' | 'timeout' | 'cancelled' | 'post-deploy' | 'health-check';

export interface DeployResult {
  app: string;
  sha: string;
  deployment: Deployment;
  status: DeploymentStatus;
  appUrl: string;
  gitRef: string;
  durationMs: number;
  /** The end of the build log, without colour codes, each line capped for quoting. */
  logTail: string[];
  /** After crashed-error or timeout-error: the end of the app's runtime logs, where the cause is. */
  runtimeLogs?: RuntimeLogTail;
  githubDeploymentId: number | null;
  waitedFor: Deployment[];
  postDeploy?: PostDeployOutcome;
  healthCheck?: HealthCheckResult;
}
