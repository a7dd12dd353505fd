import { deployCommit } from '../deploy/deploy.ts';
import type { DeployDeps, DeployResult } from '../deploy/deploy.ts';
import type { GitHubClient } from '../github/client.ts';
import type { PreviousRelease } from './guards.ts';
import type { BackupTaken } from './backup.ts';

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
  const sha = /^[0-9a-f]{40}$/i.test(previous.gitRef)
    ? previous.gitRef
    : await deps.github.resolveCommit(previous.gitRef);
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
