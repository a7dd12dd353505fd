import { deployCommit } from '../deploy/deploy.ts';
import type { DeployDeps, DeployResult } from '../deploy/deploy.ts';
import type { GitHubClient } from '../github/client.ts';
import type { PreviousRelease } from './guards.ts';
import type { BackupTaken } from './backup.ts';
import { ConfigurationError } from '../shared/errors.ts';
import type { ProductionDeps, ProductionParams } from './params.ts';
import { firstLine, skip, timed, type ProductionReport } from './steps.ts';
import { isFullSha } from '../shared/git-refs.ts';

export interface RollbackParams {
  app: string;
  tag: string;
  previous: PreviousRelease;
  environment: string;
  timeoutMs: number;
  pollIntervalMs?: number;
}

/**
 * Redeploys the commit production ran before this release, from its archive like any deploy.
 * No post-deploy commands: they belong to the release being undone.
 */
export async function rollBack(
  deps: DeployDeps & { github: DeployDeps['github'] & Pick<GitHubClient, 'resolveCommit'> },
  params: RollbackParams,
): Promise<DeployResult> {
  const { previous } = params;
  const sha = isFullSha(previous.gitRef) ? previous.gitRef : await deps.github.resolveCommit(previous.gitRef);
  const label = previous.tag ?? previous.gitRef;
  deps.logger.warning(
    `Rolling ${params.app} back to ${label} (${sha.slice(0, 7)}), the version that ran before ${params.tag}.`,
  );
  return deployCommit(deps, {
    app: params.app,
    sha,
    source: { mode: 'archive' },
    timeoutMs: params.timeoutMs,
    environment: params.environment,
    githubDeployment: true,
    productionEnvironment: true,
    description: `Rollback of ${params.tag}: redeploy ${label} to ${params.app}`,
    ...(params.pollIntervalMs === undefined ? {} : { pollIntervalMs: params.pollIntervalMs }),
  });
}

/** Said plainly every time a release is rolled back: code goes back, data does not. */
export function databaseWarning(backups: readonly BackupTaken[], backupSkipped: string | undefined): string {
  const restore =
    backups.length > 0
      ? `To undo them, restore the backup taken just before the deploy: ${backups.map((b) => `${b.backupId} (${b.provider}, ${b.name})`).join(', ')}, from the database dashboard (Backups tab).`
      : `No backup was taken before this deploy (${backupSkipped ?? 'none'}), so there is none to restore from.`;
  return `Database changes made by the new version or its post-deploy commands (migrations) are NOT undone by the rollback. ${restore}`;
}

/** Rolls back when allowed and possible; returns the error the step fails with, saying what runs now. */
export async function rollbackAfter(
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
