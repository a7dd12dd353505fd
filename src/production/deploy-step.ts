import { DeployFailedError, deployCommit } from '../deploy/deploy.ts';
import type { DeployDeps, DeployParams, DeployResult } from '../deploy/deploy.ts';
import type { ProductionReport } from './steps.ts';
import { firstLine } from './steps.ts';

export interface DeployStepOutcome {
  result?: DeployResult;
  /** Set when the release failed in this step. */
  error?: unknown;
  /** The new version runs but a check after it failed: the case a rollback is for. */
  failedAfterDeploy: boolean;
  /** Our timeout ran out while Scalingo was still deploying: the outcome is unknown yet. */
  timedOut: boolean;
}

/**
 * Deploys the tag's commit with the `deploy` code path (archive, live log, GitHub Deployment,
 * post-deploy commands, health check) and records the deploy, post-deploy and health-check steps.
 */
export async function deployStep(
  deps: DeployDeps,
  params: DeployParams,
  report: ProductionReport,
): Promise<DeployStepOutcome> {
  const started = Date.now();
  let result: DeployResult | undefined;
  let error: unknown;
  try {
    result = await deployCommit(deps, params);
  } catch (caught) {
    error = caught;
    if (caught instanceof DeployFailedError) result = caught.result;
  }
  const wallMs = Date.now() - started;
  const phase = error instanceof DeployFailedError ? error.phase : error ? 'deployment' : undefined;
  const deployed = phase === undefined || phase === 'post-deploy' || phase === 'health-check';

  const postDeployMs = (result?.postDeploy?.results ?? []).reduce((sum, r) => sum + r.durationSeconds * 1000, 0);
  const healthMs = result?.healthCheck?.durationMs;
  const deployMs = result?.durationMs ?? wallMs;
  const status = result?.status ?? 'not created';
  report.steps.push({
    name: 'deploy',
    outcome: deployed ? 'success' : 'failure',
    detail: deployed
      ? `deployment ${result?.deployment.id} ${status}: ${params.app} runs ${params.sha.slice(0, 7)}`
      : `${result ? `deployment ${result.deployment.id} ended ${status}` : 'no deployment'}: ${firstLine(error)}`,
    durationMs: deployed ? Math.min(deployMs, wallMs) : wallMs,
  });

  const commands = params.postDeploy?.commands ?? [];
  if (commands.length === 0)
    report.steps.push({ name: 'post-deploy', outcome: 'skipped', detail: 'no post-deploy commands', durationMs: null });
  else if (!deployed)
    report.steps.push({
      name: 'post-deploy',
      outcome: 'skipped',
      detail: 'not run: the deploy failed',
      durationMs: null,
    });
  else if (phase === 'post-deploy' && !result?.postDeploy) {
    // Stopped before the first command (maintenance could not be entered).
    report.steps.push({ name: 'post-deploy', outcome: 'failure', detail: firstLine(error), durationMs: null });
  } else {
    const failed = result?.postDeploy?.failed;
    report.steps.push({
      name: 'post-deploy',
      outcome: failed ? 'failure' : 'success',
      detail: failed
        ? `\`${failed.command}\` ${failed.exitCode === null ? `ended ${failed.status}` : `exited with ${failed.exitCode}`}`
        : `${commands.length} command(s) exited 0`,
      durationMs: postDeployMs,
    });
  }

  if (!params.healthCheck)
    report.steps.push({ name: 'health-check', outcome: 'skipped', detail: 'no health-check', durationMs: null });
  else if (!deployed || phase === 'post-deploy') {
    report.steps.push({
      name: 'health-check',
      outcome: 'skipped',
      detail: `not run: the ${phase} step failed`,
      durationMs: null,
    });
  } else if (phase === 'health-check') {
    report.steps.push({
      name: 'health-check',
      outcome: 'failure',
      detail: firstLine(error),
      durationMs: Math.max(0, wallMs - Math.min(deployMs, wallMs) - postDeployMs),
    });
  } else {
    report.steps.push({
      name: 'health-check',
      outcome: 'success',
      detail: `${result?.healthCheck?.url} answered ${result?.healthCheck?.status}`,
      durationMs: healthMs ?? null,
    });
  }

  return {
    ...(result ? { result } : {}),
    ...(error === undefined ? {} : { error }),
    failedAfterDeploy: phase === 'post-deploy' || phase === 'health-check',
    timedOut: phase === 'timeout',
  };
}
