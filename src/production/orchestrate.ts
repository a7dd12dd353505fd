// A production release, in the order the issue fixes: guards, backup, deploy (+ post-deploy and
// health check), rollback when a check fails after the deploy, release, notification. Nothing
// changes before the guards and the backup have passed.
import type { DeployDeps, PostDeployParams } from '../deploy/deploy.ts';
import { GITHUB_DEPLOYMENT_STATE } from '../deploy/cancel.ts';
import { noDeploymentRecord } from '../deploy/github-deployment.ts';
import type { ScalingoApi } from '../scalingo/api.ts';
import { runUrl } from '../shared/context.ts';
import { ConfigurationError } from '../shared/errors.ts';
import { takeBackups } from './backup.ts';
import type { BackupMode } from './backup.ts';
import { deployStep } from './deploy-step.ts';
import { claimRelease, type Claim, type ClaimGitHub } from './claim.ts';
import { GuardRefusal, runGuards } from './guards.ts';
import type { GuardInput, GuardOutcome } from './guards.ts';
import { notifyWebhook, renderNotification } from './notify.ts';
import type { NotifyMessage } from './notify.ts';
import type { GuardGitHub, ReleaseGitHub } from './ports.ts';
import { publishRelease } from './release.ts';
import type { NotesGenerator } from './release.ts';
import { databaseWarning, rollBack } from './rollback.ts';
import { firstLine, skip, timed } from './steps.ts';
import type { ProductionReport } from './steps.ts';

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
}

export interface ProductionDeps extends DeployDeps {
  scalingo: ScalingoApi;
  github: DeployDeps['github'] & GuardGitHub & ReleaseGitHub & ClaimGitHub;
  generateNotes: NotesGenerator;
  now?: () => Date;
}

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
    steps: [],
    guards: [],
    rolledBack: false,
    runUrl: runUrl(context),
  };
  try {
    await release(deps, { ...params, force: forced }, report);
  } catch (error) {
    report.error = error;
  }
  // The summary lists every step, also those a refusal or a failure never reached.
  const stopper = report.steps.at(-1)?.name ?? 'guards';
  for (const name of STEPS) {
    if (!report.steps.some((s) => s.name === name))
      skip(report, name, `not reached: the ${stopper} step stopped the release`);
  }
  await notify(deps, params, report);
  return report;
}

// A live GitHub Deployment older than the release could take belongs to a run that died.
const STALE_MARGIN_MS = 15 * 60_000;

const STEPS = ['guards', 'backup', 'deploy', 'post-deploy', 'health-check', 'rollback', 'release'] as const;

async function release(deps: ProductionDeps, params: ProductionParams, report: ProductionReport): Promise<void> {
  const { logger } = deps;
  const seen: Partial<GuardOutcome> = {};
  let claim: Claim | undefined;
  const guards = await timed(
    report,
    'guards',
    async () => {
      // Read first: an unknown app stops here, and every notification can link the app.
      report.appUrl = (await deps.scalingo.apps.get(params.app)).url;
      const outcome = await runGuards(params, deps.github, deps.scalingo.deployments, seen);
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
    (g) => ({ detail: g.checks.map((c) => `${c.guard} ${c.outcome}`).join(', ') }),
    (error) => ({ outcome: error instanceof GuardRefusal ? 'refused' : 'failure', detail: firstLine(error) }),
  ).finally(() => {
    if (seen.tagSha) report.sha = seen.tagSha;
    report.previous = seen.previous ?? null;
    report.guards = seen.checks ?? [];
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

/** Rolls back when allowed and possible; returns the error the step fails with, saying what runs now. */
async function rollbackAfter(
  deps: ProductionDeps,
  params: ProductionParams,
  report: ProductionReport,
  failure: unknown,
): Promise<Error> {
  const data = databaseWarning(report.backup?.backups ?? [], report.backup?.skipped);
  const reason = failure instanceof Error ? failure.message : String(failure);
  const draft = params.release ? ' The release stays a draft.' : '';
  const previous = report.previous;
  if (!params.rollback || !previous) {
    skip(report, 'rollback', params.rollback ? 'no previous production version to roll back to' : 'rollback: false');
    const why = params.rollback ? 'there is no previous production version to roll back to' : 'rollback is off';
    return new ConfigurationError(
      `${reason}\n${params.app} still runs ${params.tag} (${why}): fix forward or redeploy the previous tag.${draft}`,
    );
  }
  const label = previous.tag ?? previous.gitRef;
  try {
    report.rollback = await timed(
      report,
      'rollback',
      () =>
        rollBack(deps, {
          app: params.app,
          tag: params.tag,
          previous,
          environment: params.environment,
          timeoutMs: params.timeoutMs,
          ...(params.pollIntervalMs === undefined ? {} : { pollIntervalMs: params.pollIntervalMs }),
        }),
      (r) => ({ detail: `redeployed ${label} (${r.sha.slice(0, 7)}) as deployment ${r.deployment.id}` }),
    );
  } catch (error) {
    return new ConfigurationError(
      `${reason}\nThe rollback to ${label} failed too: ${firstLine(error)} ${params.app} may be running ${params.tag} or nothing healthy: act now (redeploy ${label} from the dashboard or rerun the workflow for it). ${data}`,
    );
  }
  report.rolledBack = true;
  deps.logger.warning(`Rolled back: ${params.app} runs ${label} again. ${data}`);
  return new ConfigurationError(`${reason}\nRolled back: ${params.app} runs ${label} again. ${data}${draft}`);
}

async function notify(deps: ProductionDeps, params: ProductionParams, report: ProductionReport): Promise<void> {
  if (!params.notifyWebhook) return skip(report, 'notify', 'no notify-webhook');
  const refusedAtGuards = report.steps.some((s) => s.name === 'guards' && s.outcome !== 'success');
  if (refusedAtGuards && !(report.error instanceof GuardRefusal))
    return skip(report, 'notify', 'not sent: the guards could not run (see why the step failed)');
  // A release page that failed to publish does not change what production runs.
  const live = report.error === undefined || report.steps.some((s) => s.name === 'release' && s.outcome === 'failure');
  const outcome: NotifyMessage['outcome'] = live
    ? 'released'
    : report.error instanceof GuardRefusal
      ? 'refused'
      : report.rolledBack
        ? 'rolled back'
        : 'failed';
  const message: NotifyMessage = {
    app: params.app,
    tag: params.tag,
    outcome,
    runUrl: report.runUrl,
    actor: report.actor,
    forced: report.forced,
    ...(report.error === undefined ? {} : { detail: notifyDetail(report) }),
    ...(report.appUrl ? { appUrl: report.appUrl } : {}),
    ...(report.release ? { releaseUrl: report.release.htmlUrl } : {}),
  };
  const started = Date.now();
  const sent = await notifyWebhook(params.notifyWebhook, renderNotification(message), deps.logger);
  report.steps.push({
    name: 'notify',
    outcome: sent ? 'success' : 'warning',
    detail: sent ? `${outcome} message sent` : 'webhook failed (warning only)',
    durationMs: Date.now() - started,
  });
}

function notifyDetail(report: ProductionReport): string {
  const cause = firstLine(report.error);
  if (!report.rolledBack || !report.previous) return cause;
  const backups = (report.backup?.backups ?? []).map((b) => b.backupId);
  const restore = backups.length > 0 ? `; backup taken before the deploy: ${backups.join(', ')}` : '';
  return `${cause}\nProduction runs ${report.previous.tag ?? report.previous.gitRef} again. Database changes are not undone${restore}.`;
}
