import { bodyObject, invalid, isoNow, json, notFound, page, type Ctx, type Reply, type Route } from '../kit.ts';
import type { DeploymentStatusRecord } from '../state.ts';
import { links } from './repos.ts';

const R = '^/repos/([^/]+)/([^/]+)/deployments';
const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
const BOT = { login: 'github-actions[bot]', type: 'Bot' };

/** A token without `deployments: write` (the default GITHUB_TOKEN of many workflows). */
function denied(ctx: Ctx): Reply | undefined {
  if (!ctx.core.deploymentsDenied) return undefined;
  return json(403, {
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
    status: '403',
  });
}

function createDeployment(ctx: Ctx): Reply {
  const refusal = denied(ctx);
  if (refusal) return refusal;
  const body = bodyObject(ctx);
  if (typeof body.ref !== 'string' || !body.ref) return invalid('Deployment', 'ref', 'missing_field');
  const sha = ctx.core.git.resolve(body.ref);
  if (!sha) return json(422, { message: `No ref found for: ${body.ref}`, status: '422' });
  // Without required_contexts: [] GitHub waits for every commit status to pass: a real deploy trap.
  if (body.required_contexts === undefined) {
    return json(409, { message: 'Conflict: Commit status checks failed for ' + body.ref, status: '409' });
  }
  const id = ctx.core.state.nextId();
  const environment = typeof body.environment === 'string' ? body.environment : 'production';
  const now = isoNow();
  const record = {
    id,
    node_id: Buffer.from(`Deployment:${id}`).toString('base64'),
    url: `${links(ctx.core).apiRepo}/deployments/${id}`,
    sha,
    ref: body.ref,
    task: typeof body.task === 'string' ? body.task : 'deploy',
    payload: body.payload ?? {},
    environment,
    original_environment: environment,
    description: typeof body.description === 'string' ? body.description : null,
    production_environment:
      body.production_environment === true ||
      (body.production_environment === undefined && environment === 'production'),
    transient_environment: body.transient_environment === true,
    required_contexts: body.required_contexts,
    auto_merge: body.auto_merge,
    creator: BOT,
    created_at: now,
    updated_at: now,
    statuses_url: `${links(ctx.core).apiRepo}/deployments/${id}/statuses`,
    repository_url: links(ctx.core).apiRepo,
  };
  ctx.core.state.deployments.push(record);
  return json(201, record);
}

function listDeployments(ctx: Ctx): Reply {
  const filters = ['sha', 'ref', 'environment', 'task'] as const;
  const list = ctx.core.state.deployments
    .filter((d) => filters.every((f) => !ctx.query.has(f) || d[f] === ctx.query.get(f)))
    .toReversed();
  return page(ctx, list);
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
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const record = (
    deploymentId: number,
    state: string,
    environment: string,
    extra: Partial<DeploymentStatusRecord> = {},
  ): DeploymentStatusRecord => {
    const id = ctx.core.state.nextId();
    const now = isoNow();
    return {
      id,
      node_id: Buffer.from(`DeploymentStatus:${id}`).toString('base64'),
      deployment_id: deploymentId,
      state,
      description: '',
      environment,
      target_url: '',
      log_url: '',
      environment_url: '',
      created_at: now,
      updated_at: now,
      deployment_url: `${links(ctx.core).apiRepo}/deployments/${deploymentId}`,
      repository_url: links(ctx.core).apiRepo,
      creator: BOT,
      ...extra,
    };
  };
  const status = record(deployment.id, body.state, deployment.environment, {
    description: str(body.description),
    target_url: str(body.log_url) || str(body.target_url),
    log_url: str(body.log_url) || str(body.target_url),
    environment_url: str(body.environment_url),
  });
  ctx.core.state.statuses.push(status);
  // GitHub marks earlier non-transient deployments of the environment inactive once one succeeds.
  if (body.state === 'success' && body.auto_inactive !== false) {
    for (const older of ctx.core.state.deployments) {
      if (older.id === deployment.id || older.environment !== deployment.environment || older.transient_environment)
        continue;
      const last = ctx.core.state.statuses.filter((s) => s.deployment_id === older.id).at(-1);
      if (last?.state === 'success') ctx.core.state.statuses.push(record(older.id, 'inactive', older.environment));
    }
  }
  return json(201, status);
}

export const deploymentRoutes: Route[] = [
  { method: 'POST', pattern: new RegExp(`${R}$`), handle: createDeployment },
  { method: 'GET', pattern: new RegExp(`${R}$`), handle: listDeployments },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/(\\d+)$`),
    handle: (ctx) => {
      const deployment = ctx.core.state.deployments.find((d) => d.id === Number(ctx.params[2]));
      return deployment ? json(200, deployment) : notFound();
    },
  },
  { method: 'POST', pattern: new RegExp(`${R}/(\\d+)/statuses$`), handle: createStatus },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/(\\d+)/statuses$`),
    handle: (ctx) =>
      page(ctx, ctx.core.state.statuses.filter((s) => s.deployment_id === Number(ctx.params[2])).toReversed()),
  },
];
