import {
  bodyObject,
  invalid,
  isoNow,
  json,
  notAccessible,
  notFound,
  page,
  type Ctx,
  type Reply,
  type Route,
} from '../kit.ts';
import type { DeploymentRecord } from '../state.ts';
import { ensureEnvironment, removeStatuses } from './environments.ts';
import { links } from './repos.ts';

const R = '^/repos/([^/]+)/([^/]+)/deployments';
const BOT = { login: 'github-actions[bot]', type: 'Bot' };

/** A token without `deployments: write` (the default GITHUB_TOKEN of many workflows). */
export function denied(ctx: Ctx): Reply | undefined {
  if (!ctx.core.deploymentsDenied) return undefined;
  return notAccessible('https://docs.github.com/rest/deployments/deployments#create-a-deployment');
}

/**
 * `auto_merge` on a branch behind the default branch: GitHub merges the default branch into it and
 * answers 202 instead of deploying ("merged branch response"); a conflict is a 409.
 */
function autoMerge(ctx: Ctx, ref: string): Reply | undefined {
  const { git } = ctx.core;
  const branch = git.resolve(`refs/heads/${ref}`) ? ref : undefined;
  const base = git.defaultBranch;
  if (!branch || branch === base) return undefined;
  try {
    git.git(['merge-base', '--is-ancestor', base, branch]);
    return undefined; // already contains the default branch: deploy as asked
  } catch {
    // behind: merge below
  }
  const tree = git.tryGit(['merge-tree', '--write-tree', branch, base]);
  if (tree.status !== 0) return json(409, { message: `Conflict merging ${base} into ${branch}.`, status: '409' });
  const message = `Auto-merged ${base} into ${branch} on deployment.`;
  const sha = git
    .git(['commit-tree', tree.stdout.split('\n')[0]!, '-p', git.head(branch), '-p', git.head(base), '-m', message], {
      env: git.commitEnv({ name: 'GitHub', email: 'noreply@github.com' }),
    })
    .trim();
  git.git(['update-ref', `refs/heads/${branch}`, sha]);
  return json(202, { message });
}

function createDeployment(ctx: Ctx): Reply {
  const refusal = denied(ctx);
  if (refusal) return refusal;
  const body = bodyObject(ctx);
  if (typeof body.ref !== 'string' || !body.ref) return invalid('Deployment', 'ref', 'missing_field');
  if (!ctx.core.git.resolve(body.ref)) return json(422, { message: `No ref found for: ${body.ref}`, status: '422' });
  const merged = (body.auto_merge ?? ctx.core.settings.autoMergeDefault) === true && autoMerge(ctx, body.ref);
  if (merged) return merged;
  const sha = ctx.core.git.resolve(body.ref)!;
  // Without required_contexts: [] GitHub waits for every commit status to pass: a real deploy trap.
  if (body.required_contexts === undefined) {
    return json(409, { message: 'Conflict: Commit status checks failed for ' + body.ref, status: '409' });
  }
  const id = ctx.core.state.nextId();
  const environment = typeof body.environment === 'string' ? body.environment : 'production';
  const now = isoNow();
  const record: DeploymentRecord = {
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
  if (ctx.core.settings.deploymentsCreateEnvironments) ensureEnvironment(ctx.core, environment);
  return json(201, record);
}

function listDeployments(ctx: Ctx): Reply {
  const filters = ['sha', 'ref', 'environment', 'task'] as const;
  const list = ctx.core.state.deployments
    .filter((d) => filters.every((f) => !ctx.query.has(f) || d[f] === ctx.query.get(f)))
    .toReversed();
  return page(ctx, list);
}

/**
 * Facts B4: a deployment can be deleted whatever its status only when it is the repository's only
 * one; otherwise it must be inactive first (its latest status `inactive`).
 */
function deleteDeployment(ctx: Ctx): Reply {
  const refusal = denied(ctx);
  if (refusal) return refusal;
  const { deployments, statuses } = ctx.core.state;
  const deployment = deployments.find((d) => d.id === Number(ctx.params[2]));
  if (!deployment) return notFound();
  const latest = statuses.filter((s) => s.deployment_id === deployment.id).at(-1);
  if (deployments.length > 1 && latest?.state !== 'inactive') {
    return invalid(
      'Deployment',
      'state',
      'custom',
      'We cannot delete an active deployment unless it is the only deployment in the repository. ' +
        'Mark it inactive first.',
    );
  }
  deployments.splice(deployments.indexOf(deployment), 1);
  removeStatuses(ctx.core, deployment.id);
  return { status: 204 };
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
  { method: 'DELETE', pattern: new RegExp(`${R}/(\\d+)$`), handle: deleteDeployment },
];
