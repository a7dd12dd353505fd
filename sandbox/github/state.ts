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

export interface CommentRecord {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: Record<string, unknown> & { login: string; type: string };
  created_at: string;
  updated_at: string;
  author_association: string;
  performed_via_github_app: Record<string, unknown> | null;
}

export interface MilestoneRecord {
  url: string;
  html_url: string;
  labels_url: string;
  id: number;
  node_id: string;
  number: number;
  title: string;
  description: string | null;
  creator: Record<string, unknown>;
  /** Counted from the issues and pull requests that carry it, whenever it is served. */
  open_issues: number;
  closed_issues: number;
  state: 'open' | 'closed';
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  due_on: string | null;
}

/** A plain issue (pull requests live in the git fixture and share its numbers). */
export interface IssueRecord {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  author: { login: string; isBot: boolean };
  state: 'open' | 'closed';
  milestone: number | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface EnvironmentRecord {
  id: number;
  node_id: string;
  name: string;
  url: string;
  html_url: string;
  created_at: string;
  updated_at: string;
  protection_rules: unknown[];
  deployment_branch_policy: unknown;
}

export interface DoubleState {
  deployments: DeploymentRecord[];
  statuses: DeploymentStatusRecord[];
  releases: ReleaseRecord[];
  /** Issue and pull-request comments, oldest first (ascending id, as GitHub lists them). */
  comments: CommentRecord[];
  milestones: MilestoneRecord[];
  issues: IssueRecord[];
  environments: EnvironmentRecord[];
  /** The fixture's pull requests (same objects as git.pulls). */
  readonly pulls: FixturePullRequest[];
  nextId(): number;
}
