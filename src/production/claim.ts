// One production release of a tag at a time. The README's `concurrency:` hint avoids two runs, but
// nothing enforces it: two runs for one tag would both back up and both deploy. Each run records its
// GitHub Deployment first, then looks: the oldest live record for this commit and environment wins,
// whatever the order the runs started in, and the others stop before their backup.
import type { DeploymentRecord, DeploymentRecordGitHub } from '../deploy/github-deployment.ts';
import { recordGitHubDeployment } from '../deploy/github-deployment.ts';
import type { GitHubClient } from '../github/client.ts';
import type { ScalingoApi } from '../scalingo/api.ts';
import { isDeploymentFinished } from '../scalingo/types.ts';
import type { Logger } from '../shared/logger.ts';
import { GuardRefusal, type GuardCheck } from './guards.ts';

export type ClaimGitHub = DeploymentRecordGitHub &
  Pick<GitHubClient, 'listDeployments' | 'latestDeploymentStatus' | 'deleteDeployment'>;

export interface ClaimParams {
  app: string;
  tag: string;
  sha: string;
  environment: string;
  description: string;
  logUrl: string;
  /** An in-progress record older than this belongs to a run that died: it does not block. */
  staleAfterMs: number;
}

export interface Claim {
  record: DeploymentRecord;
  check: GuardCheck;
  /** Removes the record of a release that deployed nothing (refused, or stopped by its backup). */
  withdraw(): Promise<void>;
}

const LIVE = new Set(['in_progress', 'queued', 'pending']);

function refusal(saw: string): GuardRefusal {
  return new GuardRefusal(
    'concurrency',
    saw,
    'Wait for that release to finish (its outcome decides whether this one is needed), and give the workflow `concurrency: { group: deploy-production, cancel-in-progress: false }`.',
  );
}

const passed = (detail: string): GuardCheck => ({ guard: 'concurrency', outcome: 'passed', detail });

/** Refuses when another release of this commit is under way; returns this run's GitHub Deployment. */
export async function claimRelease(
  deps: { github: ClaimGitHub; scalingo: Pick<ScalingoApi, 'deployments'>; logger: Logger },
  params: ClaimParams,
): Promise<Claim> {
  const { deployments } = await deps.scalingo.deployments.list(params.app, { page: 1, perPage: 20 });
  const running = deployments.find((d) => d.git_ref === params.sha && !isDeploymentFinished(d.status));
  if (running) {
    const what = `${params.tag} (${params.sha.slice(0, 7)})`;
    throw refusal(`Scalingo deployment ${running.id} of ${what} is ${running.status} on ${params.app} now`);
  }
  const record = await recordGitHubDeployment(deps, {
    sha: params.sha,
    environment: params.environment,
    description: params.description,
    productionEnvironment: true,
    logUrl: params.logUrl,
  });
  const withdraw = async (): Promise<void> => {
    if (record.id === null) return;
    try {
      await deps.github.deleteDeployment(record.id);
    } catch (error) {
      await record.update('inactive', { description: 'Nothing was deployed' });
      deps.logger.debug(`Could not delete GitHub deployment ${record.id}: ${(error as Error).message}`);
    }
  };
  const ownId = record.id;
  if (ownId === null) {
    return { record, withdraw, check: passed('no Scalingo deployment of this commit running (no GitHub record)') };
  }
  let older: { id: number }[];
  try {
    const listed = await deps.github.listDeployments({ environment: params.environment, sha: params.sha });
    older = listed.filter((d) => d.id < ownId && Date.now() - Date.parse(d.createdAt) < params.staleAfterMs);
  } catch (error) {
    // Bookkeeping, like the record itself: a GitHub hiccup here must not stop a release.
    deps.logger.warning(`Could not check GitHub for another release of ${params.tag}: ${(error as Error).message}`);
    return { record, withdraw, check: passed('no Scalingo deployment of this commit running (GitHub not checked)') };
  }
  for (const other of older) {
    const status = await deps.github.latestDeploymentStatus(other.id).catch(() => undefined);
    if (!status || !LIVE.has(status.state)) continue;
    const where = status.logUrl || `GitHub deployment ${other.id}`;
    await withdraw();
    throw refusal(`another run is releasing ${params.tag} to ${params.environment} right now: ${where}`);
  }
  return { record, withdraw, check: passed(`no other release of ${params.tag} in progress`) };
}
