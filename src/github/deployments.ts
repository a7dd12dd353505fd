import type { GitHubHttp } from './http.ts';
import { GitHubApiError } from './errors.ts';
import type {
  DeploymentState,
  DeploymentStatusSummary,
  DeploymentSummary,
  NewDeployment,
  NewDeploymentStatus,
} from './types.ts';

/** POST /deployments, sent once: a create is never repeated blindly (a retry could make two). */
export async function createDeployment(http: GitHubHttp, repoPath: string, deployment: NewDeployment): Promise<number> {
  const { data } = await http.request<{ id: number }>('POST', `${repoPath}/deployments`, {
    body: {
      ref: deployment.sha,
      environment: deployment.environment,
      description: deployment.description,
      production_environment: deployment.productionEnvironment,
      transient_environment: deployment.transientEnvironment ?? false,
      // The commit is deployed as is: no status checks to wait for and no merge of the default branch.
      required_contexts: [],
      auto_merge: false,
      ...(deployment.payload === undefined ? {} : { payload: deployment.payload }),
    },
  });
  if (typeof data?.id !== 'number') {
    throw new GitHubApiError('POST', `${repoPath}/deployments`, 201, 'the answer has no deployment id');
  }
  return data.id;
}

/** Statuses are append-only and harmless to repeat, so this one is retried like a GET. */
export async function createDeploymentStatus(
  http: GitHubHttp,
  repoPath: string,
  id: number,
  status: NewDeploymentStatus,
): Promise<void> {
  await http.request('POST', `${repoPath}/deployments/${id}/statuses`, {
    idempotent: true,
    body: {
      state: status.state,
      ...(status.logUrl === undefined ? {} : { log_url: status.logUrl }),
      ...(status.environmentUrl === undefined ? {} : { environment_url: status.environmentUrl }),
      ...(status.description === undefined ? {} : { description: status.description.slice(0, 140) }),
      // Marks older deployments of the environment inactive once this one succeeds, as GitHub's UI expects.
      auto_inactive: true,
    },
  });
}

interface RestDeployment {
  id: number;
  sha: string;
  environment: string;
  created_at: string;
}

interface RestDeploymentStatus {
  state: DeploymentState;
  log_url?: string;
  target_url?: string;
  created_at: string;
}

/** Deployments of one environment and commit, newest first (one page: the recent ones are what matters). */
export async function listDeployments(
  http: GitHubHttp,
  repoPath: string,
  filter: { environment: string; sha?: string },
): Promise<DeploymentSummary[]> {
  const { data } = await http.request<RestDeployment[]>('GET', `${repoPath}/deployments`, {
    query: { environment: filter.environment, ...(filter.sha ? { sha: filter.sha } : {}), per_page: 100 },
  });
  if (!Array.isArray(data)) throw new GitHubApiError('GET', `${repoPath}/deployments`, 200, 'the answer is not a list');
  return data.map((d) => ({ id: d.id, sha: d.sha, environment: d.environment, createdAt: d.created_at }));
}

/** The newest status of a deployment, or undefined when it has none. */
export async function latestDeploymentStatus(
  http: GitHubHttp,
  repoPath: string,
  id: number,
): Promise<DeploymentStatusSummary | undefined> {
  const { data } = await http.request<RestDeploymentStatus[]>('GET', `${repoPath}/deployments/${id}/statuses`, {
    query: { per_page: 1 },
  });
  const [latest] = Array.isArray(data) ? data : [];
  if (!latest) return undefined;
  return { state: latest.state, logUrl: latest.log_url || latest.target_url || '', createdAt: latest.created_at };
}

/** Marks the deployment inactive, then deletes it (GitHub refuses to delete a live one but the last). */
export async function deleteDeployment(http: GitHubHttp, repoPath: string, id: number): Promise<void> {
  await createDeploymentStatus(http, repoPath, id, { state: 'inactive' });
  await http.request('DELETE', `${repoPath}/deployments/${id}`, { idempotent: true });
}
