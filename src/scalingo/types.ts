// Shapes of the Scalingo API objects we use (scalingo-api.md). Only the fields we read are typed;
// the API sends more, and unknown future values (e.g. new statuses) must not break us.

export interface App {
  id: string;
  name: string;
  url: string;
  base_url?: string;
  status: string;
  region?: string;
  last_deployment_id?: string | null;
  links: { deployments_stream?: string };
  parent_app_name?: string | null;
}

export type DeploymentStatus =
  | 'queued'
  | 'building'
  | 'pushing'
  | 'starting'
  | 'success'
  | 'build-error'
  | 'crashed-error'
  | 'timeout-error'
  | 'hook-error'
  | 'aborted'
  | (string & {});

export interface Deployment {
  id: string;
  app_id: string;
  created_at: string;
  finished_at: string | null;
  status: DeploymentStatus;
  git_ref: string | null;
  previous_git_ref?: string | null;
  type?: string;
  duration?: number;
  pusher?: { id: string; username: string; email?: string };
  links?: { output?: string };
}

const IN_PROGRESS = new Set(['queued', 'building', 'pushing', 'starting']);

/** go-scalingo's rule: the four non-terminal values are in progress, anything else is finished. */
export function isDeploymentFinished(status: string): boolean {
  return !IN_PROGRESS.has(status);
}

export interface Pagination {
  current_page: number;
  prev_page: number | null;
  next_page: number | null;
  total_pages: number;
  total_count: number;
}

export interface Source {
  upload_url: string;
  download_url: string;
}

export interface ScmRepoLink {
  id: string;
  app_id: string;
  url: string;
  owner: string;
  repo: string;
  branch: string;
  scm_type: string;
  auto_deploy_enabled: boolean;
  deploy_review_apps_enabled: boolean;
}

export interface ReviewApp {
  id: string;
  app_id: string;
  app_name: string;
  parent_app_name: string;
  created_at: string;
  pull_request: { number: number; branch_name: string; title: string; html_url: string; ref: string };
  last_deployment?: { id: string; created_at: string; status: DeploymentStatus; git_ref: string } | null;
}

export interface Container {
  id: string;
  type: string;
  type_index: number;
  label: string;
  state: string;
}

export type OperationStatus = 'pending' | 'running' | 'done' | 'error' | (string & {});

export interface Operation {
  id: string;
  app_id: string;
  type: string;
  status: OperationStatus;
  error?: string | null;
  created_at: string;
  finished_at: string | null;
  start_one_off_data?: { attach_url: string; container_id: string };
}

export interface Variable {
  id: string;
  app_id?: string;
  name: string;
  value: string;
}

export interface Addon {
  id: string;
  app_id: string;
  resource_id: string;
  status: string;
  plan: { id: string; name: string; display_name?: string };
  addon_provider: { id: string; name: string };
}

export interface AddonPlan {
  id: string;
  name: string;
  display_name?: string;
  disabled?: boolean;
  disabled_alternative_plan_id?: string | null;
}

export interface AddonProvider {
  id: string;
  name: string;
}

export type BackupStatus =
  'scheduled' | 'pending' | 'running' | 'done' | 'error' | 'cancelling' | 'cancelled' | (string & {});

export interface Backup {
  id: string;
  created_at: string;
  started_at: string | null;
  name: string;
  size: number;
  status: BackupStatus;
  database_id: string;
  method: 'manual' | 'periodic' | (string & {});
}

/** Frames of the deployment stream, after normalising the two shapes of `new`. */
export type DeploymentEvent =
  | { type: 'new'; deploymentId: string }
  | { type: 'log'; deploymentId: string; content: string }
  | { type: 'status'; deploymentId: string; status: DeploymentStatus }
  | { type: 'ping' };
