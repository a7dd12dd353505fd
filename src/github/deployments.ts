import type { GitHubHttp } from './http.ts';
import type { NewDeployment, NewDeploymentStatus } from './types.ts';

/** POST /deployments, sent once: a create is never repeated blindly (a retry could make two). */
export async function createDeployment(http: GitHubHttp, repoPath: string, deployment: NewDeployment): Promise<number> {
  const { data } = await http.request<{ id: number }>('POST', `${repoPath}/deployments`, {
    body: {
      ref: deployment.sha,
      environment: deployment.environment,
      description: deployment.description,
      production_environment: deployment.productionEnvironment,
      transient_environment: false,
      // The commit is deployed as is: no status checks to wait for and no merge of the default branch.
      required_contexts: [],
      auto_merge: false,
      ...(deployment.payload === undefined ? {} : { payload: deployment.payload }),
    },
  });
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
