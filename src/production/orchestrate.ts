// A production release, in the order the issue fixes: guards, backup, deploy (+ post-deploy and
// health check), rollback when a check fails after the deploy, release, notification. Nothing
// changes before the guards and the backup have passed.
import { GITHUB_DEPLOYMENT_STATE } from '../deploy/cancel.ts';
import { noDeploymentRecord } from '../deploy/github-deployment.ts';
import { runUrl } from '../shared/context.ts';
import { ConfigurationError } from '../shared/errors.ts';
import { aftercareStep } from './aftercare-step.ts';
import { takeBackups } from './backup.ts';
import { deployStep } from './deploy-step.ts';
import { claimRelease, type Claim } from './claim.ts';
import { GuardRefusal, runGuards } from './guards.ts';
import type { GuardCheck, GuardOutcome } from './guards.ts';
import { notifyStep } from './notify.ts';
import { publishRelease } from './release.ts';
import type { ProductionDeps, ProductionParams } from './params.ts';
import { rollbackAfter } from './rollback.ts';
import { firstLine, skip, timed } from './steps.ts';
import { MaintenanceWindow } from './maintenance.ts';
import { closeMaintenance, enterMaintenance, maintenanceHooks, type MaintenanceRun } from './maintenance-step.ts';
import { checkDeployWindow, checkRequiredVariables } from './prechecks.ts';
import type { ProductionReport } from './steps.ts';

/** Runs the release and reports every step; never throws: `report.error` says why the step must fail. */
export async function releaseToProduction(deps: ProductionDeps, params: ProductionParams): Promise<ProductionReport> {
  const { context, logger } = deps;
  const forced = params.force && context.eventName === 'workflow_dispatch';
  if (params.force && !forced) {
    logger.warning(
      `force: true is ignored on a ${context.eventName || 'unknown'} event: only a workflow_dispatch run may skip the version and staging guards.`,
    );
  }
  const report: ProductionReport = {
    app: params.app,
    tag: params.tag,
    version: params.version,
    previous: null,
    actor: context.actor,
    eventName: context.eventName,
    forced,
    forceSkips: ['version', 'staging', ...(params.deployWindows ? ['deploy-window'] : [])],
    ...(params.destructive ? { destructive: params.destructive } : {}),
    steps: [],
    guards: [],
    rolledBack: false,
    runUrl: runUrl(context),
  };
  const maintenance: MaintenanceRun | undefined = params.maintenance
    ? { window: new MaintenanceWindow(deps, params.app, params.maintenance), settings: params.maintenance }
    : undefined;
  try {
    await release(deps, { ...params, force: forced }, report, maintenance);
  } catch (error) {
    report.error = error;
  }
  // Whatever stopped the release (after its rollback, if any), the app leaves maintenance.
  await closeMaintenance(maintenance, report, logger);
  // The summary lists every step, also those a refusal or a failure never reached.
  const stopper = report.steps.at(-1)?.name ?? 'guards';
  for (const name of STEPS) {
    if (!report.steps.some((s) => s.name === name))
      skip(report, name, `not reached: the ${stopper} step stopped the release`);
  }
  await notifyStep(deps, params, report);
  await aftercareStep(deps, params, report);
  return report;
}

// A live GitHub Deployment older than the release could take belongs to a run that died.
const STALE_MARGIN_MS = 15 * 60_000;

const STEPS = ['guards', 'backup', 'deploy', 'post-deploy', 'health-check', 'rollback', 'release'] as const;

async function release(
  deps: ProductionDeps,
  params: ProductionParams,
  report: ProductionReport,
  maintenance: MaintenanceRun | undefined,
): Promise<void> {
  const { logger } = deps;
  const seen: Partial<GuardOutcome> = {};
  let claim: Claim | undefined;
  // Checked first (the clock alone decides), listed first.
  const window: GuardCheck[] = [];
  const guards = await timed(
    report,
    'guards',
    async () => {
      // Read first: an unknown app stops here, and every notification can link the app.
      report.appUrl = (await deps.scalingo.apps.get(params.app)).url;
      const now = (deps.now ?? (() => new Date()))();
      if (params.deployWindows) window.push(checkDeployWindow(params.deployWindows, now, params.force));
      const outcome = await runGuards(params, deps.github, deps.scalingo.deployments, seen);
      if (params.requireEnv?.length) {
        outcome.checks.push(await checkRequiredVariables(deps.scalingo, params.app, params.requireEnv));
      }
      const claimed = await claimRelease(deps, {
        app: params.app,
        tag: params.tag,
        sha: outcome.tagSha,
        environment: params.environment,
        description: `Release ${params.tag} to ${params.app}`,
        logUrl: report.runUrl,
        staleAfterMs: params.backup.timeoutMs + params.timeoutMs + STALE_MARGIN_MS,
      });
      claim = claimed;
      if (claimed.record.id !== null) deps.lifecycle?.remember(GITHUB_DEPLOYMENT_STATE, String(claimed.record.id));
      seen.checks = [...outcome.checks, claimed.check];
      return { ...outcome, checks: seen.checks };
    },
    (g) => ({ detail: [...window, ...g.checks].map((c) => `${c.guard} ${c.outcome}`).join(', ') }),
    (error) => ({ outcome: error instanceof GuardRefusal ? 'refused' : 'failure', detail: firstLine(error) }),
  ).finally(() => {
    if (seen.tagSha) report.sha = seen.tagSha;
    report.previous = seen.previous ?? null;
    report.guards = [...window, ...(seen.checks ?? [])];
    for (const check of report.guards) logger.info(`Guard ${check.guard}: ${check.outcome} (${check.detail})`);
  });

  const claimed = claim?.record ?? noDeploymentRecord;
  report.backup = await timed(
    report,
    'backup',
    () =>
      takeBackups(deps.scalingo, logger, {
        app: params.app,
        mode: params.backup.mode,
        timeoutMs: params.backup.timeoutMs,
        ...(params.backup.intervalMs ? { intervalMs: params.backup.intervalMs } : {}),
      }),
    (b) =>
      b.skipped
        ? { outcome: 'skipped', detail: b.skipped }
        : { detail: b.backups.map((x) => `${x.provider} backup ${x.backupId} done`).join(', ') },
  ).catch(async (error: unknown) => {
    // Nothing was deployed: GitHub keeps no record of a release that never happened.
    await claim?.withdraw();
    throw error;
  });
  if (maintenance?.settings.mode === 'during-release') {
    await enterMaintenance(maintenance, report, params.app).catch(async (error: unknown) => {
      await claim?.withdraw();
      throw error;
    });
  }

  const deployed = await deployStep(
    deps,
    {
      app: params.app,
      sha: guards.tagSha,
      source: { mode: 'archive' },
      timeoutMs: params.timeoutMs,
      environment: params.environment,
      githubDeployment: true,
      productionEnvironment: true,
      description: `Release ${params.tag} to ${params.app}`,
      postDeploy: params.postDeploy,
      healthCheck: params.healthCheck,
      githubRecord: claimed,
      hooks: maintenanceHooks(maintenance, report, logger, params.app),
      ...(params.pollIntervalMs === undefined ? {} : { pollIntervalMs: params.pollIntervalMs }),
    },
    report,
  );
  if (deployed.result) {
    report.deploy = deployed.result;
    report.appUrl = deployed.result.appUrl;
  }
  if (deployed.error !== undefined) {
    const failure = deployed.failedAfterDeploy
      ? await rollbackAfter(deps, params, report, deployed.error)
      : (skip(
          report,
          'rollback',
          deployed.timedOut
            ? 'not started: the deployment is still running on Scalingo, check its outcome before acting'
            : 'not needed: Scalingo keeps the previous version running when a deployment fails',
        ),
        deployed.error);
    skip(
      report,
      'release',
      params.release ? 'not published: the release failed, the draft stays a draft' : 'release: false',
    );
    throw failure;
  }
  skip(report, 'rollback', 'not needed');

  if (!params.release) return skip(report, 'release', 'release: false');
  const published = await timed(
    report,
    'release',
    () =>
      publishRelease(deps.github, deps.generateNotes, logger, {
        tag: params.tag,
        sha: guards.tagSha,
        prerelease: params.version.prerelease.length > 0,
        app: params.app,
        appUrl: report.appUrl ?? '',
        runUrl: report.runUrl,
        deployedAt: (deps.now ?? (() => new Date()))(),
      }),
    (p) => ({
      detail: `${p.from === 'generated' ? 'created with generated notes' : `published the ${p.from} release`}: ${p.release.htmlUrl}`,
    }),
  ).catch((error: unknown) => {
    throw new ConfigurationError(
      `Production runs ${params.tag}, but publishing its GitHub release failed: ${firstLine(error)} ` +
        'Publish the release by hand (Releases > the draft > Publish), and check that the job has `permissions: { contents: write }`.',
    );
  });
  report.release = published.release;
}

export type { ProductionDeps, ProductionParams } from './params.ts';
