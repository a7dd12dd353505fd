import type { FixturePullRequest } from './pull-requests.ts';

/** What clients created on the double, in GitHub's REST shapes (snake_case, as the API returns it). */
export interface DeploymentRecord {
  id: number;
  node_id: string;
  url: string;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  environment: string;
  original_environment: string;
  description: string | null;
  production_environment: boolean;
  transient_environment: boolean;
  /** What the client asked for, kept so tests can assert on it. */
  required_contexts: unknown;
  auto_merge: unknown;
  creator: { login: string; type: string };
  created_at: string;
  updated_at: string;
  statuses_url: string;
  repository_url: string;
}

export interface DeploymentStatusRecord {
  id: number;
  node_id: string;
  deployment_id: number;
  state: string;
  description: string;
  environment: string;
  target_url: string;
  log_url: string;
  environment_url: string;
  created_at: string;
  updated_at: string;
  deployment_url: string;
  repository_url: string;
  creator: { login: string; type: string };
}

export interface ReleaseRecord {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  assets_url: string;
  upload_url: string;
  tarball_url: string | null;
  zipball_url: string | null;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  created_at: string;
  published_at: string | null;
  author: { login: string; type: string };
  assets: unknown[];
}

export interface DoubleState {
  deployments: DeploymentRecord[];
  statuses: DeploymentStatusRecord[];
  releases: ReleaseRecord[];
  /** The fixture's pull requests (same objects as git.pulls). */
  readonly pulls: FixturePullRequest[];
  nextId(): number;
}
