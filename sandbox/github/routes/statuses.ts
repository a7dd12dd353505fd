import { bodyObject, invalid, isoNow, json, notFound, page, type Ctx, type Reply, type Route } from '../kit.ts';
import type { DeploymentRecord, DeploymentStatusRecord } from '../state.ts';
import { denied } from './deployments.ts';
import { links } from './repos.ts';

const R = '^/repos/([^/]+)/([^/]+)/deployments/(\\d+)/statuses';
const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
const BOT = { login: 'github-actions[bot]', type: 'Bot' };

function record(
  ctx: Ctx,
  deployment: DeploymentRecord,
  state: string,
  extra: Partial<DeploymentStatusRecord> = {},
): DeploymentStatusRecord {
  const id = ctx.core.state.nextId();
  const now = isoNow();
  return {
    id,
    node_id: Buffer.from(`DeploymentStatus:${id}`).toString('base64'),
    deployment_id: deployment.id,
    state,
    description: '',
    environment: deployment.environment,
    target_url: '',
    log_url: '',
    environment_url: '',
    created_at: now,
    updated_at: now,
    deployment_url: `${links(ctx.core).apiRepo}/deployments/${deployment.id}`,
    repository_url: links(ctx.core).apiRepo,
    creator: BOT,
    ...extra,
  };
}

/**
 * `auto_inactive` (default true) on a `success`: earlier deployments of the same environment whose
 * latest status is `success` get an `inactive` one (facts B4). Transient deployments are never
 * touched — a review app's old deployments must be deactivated by the client. Production ones are
 * touched unless `settings.autoInactiveProduction` is false (the reference's literal wording).
 */
function autoInactivate(ctx: Ctx, deployment: DeploymentRecord): void {
  const { statuses, deployments } = ctx.core.state;
  for (const older of deployments) {
    if (older.id >= deployment.id || older.environment !== deployment.environment) continue;
    if (older.transient_environment) continue;
    if (older.production_environment && !ctx.core.settings.autoInactiveProduction) continue;
    const last = statuses.filter((s) => s.deployment_id === older.id).at(-1);
    if (last?.state === 'success') statuses.push(record(ctx, older, 'inactive'));
  }
}

function createStatus(ctx: Ctx): Reply {
  const refusal = denied(ctx);
  if (refusal) return refusal;
  const deployment = ctx.core.state.deployments.find((d) => d.id === Number(ctx.params[2]));
  if (!deployment) return notFound();
  const body = bodyObject(ctx);
  if (typeof body.state !== 'string' || !STATES.includes(body.state))
    return invalid('DeploymentStatus', 'state', 'invalid');
  if (typeof body.description === 'string' && body.description.length > 140) {
    return invalid('DeploymentStatus', 'description', 'custom', 'description is too long (maximum is 140 characters)');
  }
  // A status may move the deployment to another environment name (GitHub's `environment` parameter).
  if (typeof body.environment === 'string' && body.environment) deployment.environment = body.environment;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const status = record(ctx, deployment, body.state, {
    description: str(body.description),
    target_url: str(body.log_url) || str(body.target_url),
    log_url: str(body.log_url) || str(body.target_url),
    environment_url: str(body.environment_url),
  });
  ctx.core.state.statuses.push(status);
  if (body.state === 'success' && body.auto_inactive !== false) autoInactivate(ctx, deployment);
  return json(201, status);
}

export const statusRoutes: Route[] = [
  { method: 'POST', pattern: new RegExp(`${R}$`), handle: createStatus },
  {
    method: 'GET',
    pattern: new RegExp(`${R}$`),
    handle: (ctx) =>
      page(ctx, ctx.core.state.statuses.filter((s) => s.deployment_id === Number(ctx.params[2])).toReversed()),
  },
];
