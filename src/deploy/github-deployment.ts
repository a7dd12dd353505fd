// The GitHub Deployment that records which commit went to which environment and how it ended.
// It is bookkeeping: a token without `deployments: write` (403) or a GitHub hiccup only warns.
import type { GitHubClient } from '../github/client.ts';
import { isPermissionError } from '../github/errors.ts';
import type { DeploymentState } from '../github/types.ts';
import type { Logger } from '../shared/logger.ts';

export type DeploymentRecordGitHub = Pick<GitHubClient, 'createDeployment' | 'createDeploymentStatus'>;

export interface RecordParams {
  sha: string;
  environment: string;
  description: string;
  productionEnvironment: boolean;
  /** An environment that goes away with its pull request (a review app). */
  transientEnvironment?: boolean;
  /** This workflow run, shown as the deployment's log. */
  logUrl: string;
}

export interface DeploymentRecord {
  /** GitHub's deployment id, null when none was recorded. */
  readonly id: number | null;
  update(state: DeploymentState, details?: { environmentUrl?: string; description?: string }): Promise<void>;
}

const NONE: DeploymentRecord = { id: null, update: async () => {} };

export const noDeploymentRecord = NONE;

function warn(logger: Logger, what: string, error: unknown): void {
  if (isPermissionError(error)) {
    logger.warning(
      `Could not ${what}: the token lacks the \`deployments: write\` permission. The deploy goes on; ` +
        'add `permissions: { contents: read, deployments: write }` to the job, or set `github-deployment: false`.',
    );
  } else {
    logger.warning(`Could not ${what}: ${(error as Error).message}. The deploy goes on.`);
  }
}

/** Creates the deployment and its `in_progress` status; never throws. */
export async function recordGitHubDeployment(
  deps: { github: DeploymentRecordGitHub; logger: Logger },
  params: RecordParams,
): Promise<DeploymentRecord> {
  const { github, logger } = deps;
  let id: number;
  try {
    id = await github.createDeployment({
      sha: params.sha,
      environment: params.environment,
      description: params.description,
      productionEnvironment: params.productionEnvironment,
      ...(params.transientEnvironment ? { transientEnvironment: true } : {}),
    });
  } catch (error) {
    warn(logger, `record a GitHub deployment for '${params.environment}'`, error);
    return NONE;
  }
  let denied = false;
  const update = async (state: DeploymentState, details: { environmentUrl?: string; description?: string } = {}) => {
    if (denied) return;
    try {
      await github.createDeploymentStatus(id, { state, logUrl: params.logUrl, ...details });
    } catch (error) {
      denied = isPermissionError(error);
      warn(logger, `set the GitHub deployment ${id} to ${state}`, error);
    }
  };
  await update('in_progress', { description: params.description });
  return { id, update };
}
