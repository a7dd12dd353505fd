import { isoNow, json, notAccessible, notFound, type Ctx, type DoubleCore, type Reply, type Route } from '../kit.ts';
import type { EnvironmentRecord } from '../state.ts';
import { links } from './repos.ts';

// Names may hold `/` (sent as %2F; the dispatcher decodes the path), so the name is the rest of it.
const R = '^/repos/([^/]+)/([^/]+)/environments';
const DOCS = 'https://docs.github.com/rest/deployments/environments';

export function ensureEnvironment(core: DoubleCore, name: string): EnvironmentRecord {
  const known = core.state.environments.find((e) => e.name === name);
  if (known) return known;
  const id = core.state.nextId();
  const now = isoNow();
  const environment: EnvironmentRecord = {
    id,
    node_id: Buffer.from(`Environment:${id}`).toString('base64'),
    name,
    url: `${links(core).apiRepo}/environments/${encodeURIComponent(name)}`,
    html_url: `${core.htmlUrl}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
    created_at: now,
    updated_at: now,
    protection_rules: [],
    deployment_branch_policy: null,
  };
  core.state.environments.push(environment);
  return environment;
}

/** Drops a deployment's statuses in place (tests may hold the array). */
export function removeStatuses(core: DoubleCore, deploymentId: number): void {
  const { statuses } = core.state;
  for (let i = statuses.length - 1; i >= 0; i--) if (statuses[i]!.deployment_id === deploymentId) statuses.splice(i, 1);
}

/** Environments are repository administration: the GITHUB_TOKEN never has it (facts B4). */
function adminOnly(ctx: Ctx, anchor: string): Reply | undefined {
  return ctx.identity.admin ? undefined : notAccessible(`${DOCS}#${anchor}`);
}

/** Deleting an environment deletes its deployments and their statuses with it. */
function remove(ctx: Ctx): Reply {
  const refusal = adminOnly(ctx, 'delete-an-environment');
  if (refusal) return refusal;
  const name = ctx.params[2] ?? '';
  const { environments, deployments } = ctx.core.state;
  const environment = environments.find((e) => e.name === name);
  if (!environment) return notFound();
  environments.splice(environments.indexOf(environment), 1);
  for (let i = deployments.length - 1; i >= 0; i--) {
    const deployment = deployments[i]!;
    if (deployment.environment !== name) continue;
    deployments.splice(i, 1);
    removeStatuses(ctx.core, deployment.id);
  }
  return { status: 204 };
}

export const environmentRoutes: Route[] = [
  {
    method: 'GET',
    pattern: new RegExp(`${R}$`),
    handle: (ctx) =>
      json(200, { total_count: ctx.core.state.environments.length, environments: ctx.core.state.environments }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/(.+)$`),
    handle: (ctx) => {
      const environment = ctx.core.state.environments.find((e) => e.name === ctx.params[2]);
      return environment ? json(200, environment) : notFound();
    },
  },
  {
    method: 'PUT',
    pattern: new RegExp(`${R}/(.+)$`),
    handle: (ctx) =>
      adminOnly(ctx, 'create-or-update-an-environment') ?? json(200, ensureEnvironment(ctx.core, ctx.params[2] ?? '')),
  },
  { method: 'DELETE', pattern: new RegExp(`${R}/(.+)$`), handle: remove },
];
