// The JSON bodies the sandbox answers with: the fields of the real responses (samples recorded
// from Scalingo, scalingo-api.md), filled from the sandbox's state.
import type { AppState, DeploymentState, OneOffState, OperationState, VariableState } from './state.ts';

export interface User {
  id: string;
  username: string;
  fullname: string;
  email: string;
}

export interface ViewContext {
  url: string;
  wsUrl: string;
  user: User;
  region: string;
}

function owner(user: User) {
  return { username: user.username, email: user.email, id: user.id, flags: {} };
}

export function pusher(user: User) {
  return { username: user.username, email: user.email, id: user.id };
}

export function appView(v: ViewContext, app: AppState) {
  const last = [...app.deployments].reverse().find((d) => d.status === 'success');
  const webUrl = `${v.url}/web/${app.name}`;
  return {
    id: app.id,
    name: app.name,
    region: v.region,
    parent_app_name: app.parentName ?? '',
    git_url: `git@ssh.${v.region}.scalingo.com:${app.name}.git`,
    url: webUrl,
    base_url: webUrl,
    created_at: app.createdAt,
    updated_at: app.updatedAt,
    status: app.status,
    owner: owner(v.user),
    project: { id: `prj-${app.id}`, name: 'default' },
    last_deployed_at: last?.finishedAt ?? null,
    last_deployed_by: last ? v.user.username : null,
    last_deployment_id: last?.id ?? null,
    links: { deployments_stream: `${v.wsUrl}/apps/${app.name}` },
    git_source: null,
    flags: {},
    limits: {},
    force_https: false,
    sticky_session: false,
    router_logs: false,
    stack_id: 'st-sandbox-scalingo-22',
    new_dashboard_url: null,
    new_region: null,
    hds_resource: false,
    private_networks_ids: [],
    data_access_consent: null,
  };
}

export function deploymentView(v: ViewContext, app: AppState, d: DeploymentState) {
  const shortRef = (d.gitRef ?? 'none').slice(0, 15);
  const finished = d.finishedAt !== null;
  return {
    id: d.id,
    app_id: d.appId,
    created_at: d.createdAt,
    finished_at: d.finishedAt,
    status: d.status,
    git_ref: d.gitRef,
    previous_git_ref: d.previousGitRef,
    type: d.type,
    image: `registry.sandbox.scalingo.com/app-${app.name}:${shortRef}-${d.id.slice(0, 13)}`,
    registry: 'registry.sandbox.scalingo.com',
    postdeploy_hook: d.postdeployHook,
    duration: finished ? Math.round((Date.parse(d.finishedAt ?? '') - Date.parse(d.createdAt)) / 1000) : 0,
    image_size: finished ? 104857600 : 0,
    stack_base_image: 'scalingo/scalingo-22',
    pusher: d.pusher ?? pusher(v.user),
    links: { output: `${v.url}/v1/apps/${d.appId}/deployments/${d.id}/output` },
  };
}

export function operationView(app: AppState, op: OperationState) {
  return {
    id: op.id,
    app_id: app.id,
    created_at: op.createdAt,
    finished_at: op.finishedAt,
    status: op.status,
    type: op.type,
    error: op.error,
    message: null,
    ...(op.startOneOffData ? { start_one_off_data: op.startOneOffData } : {}),
  };
}

export function containerView(v: ViewContext, app: AppState, o: OneOffState) {
  return {
    id: o.containerId,
    type: 'one-off',
    type_index: o.typeIndex,
    label: o.label,
    created_at: o.createdAt,
    deleted_at: null,
    state: o.state,
    command: o.command,
    container_size: { name: o.size },
    app: appView(v, app),
  };
}

export function variableView(app: AppState, variable: VariableState) {
  return { id: variable.id, app_id: app.id, name: variable.name, value: variable.value };
}
