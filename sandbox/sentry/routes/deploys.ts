import { canAccessProject } from '../auth.ts';
import { bodyObject, iso, json, notFound, paginate, parseDate, type Ctx, type Reply, type Route } from '../kit.ts';
import { deployView } from '../releases.ts';
import type { DeployRecord } from '../state.ts';
import { dateField, environmentError, stringField, urlField, type Errors } from '../validate.ts';
import { findRelease, mayUse } from './releases.ts';

const R = '^/api/0/organizations/([^/]+)/releases/([^/]+)/deploys';

function errorsOf(body: Record<string, unknown>): Errors {
  const errors: Errors = {};
  const environment = environmentError(body.environment);
  if (environment) errors.environment = [environment];
  stringField(errors, body, 'name', 64);
  urlField(errors, body, 'url', true);
  dateField(errors, body, 'dateStarted');
  dateField(errors, body, 'dateFinished');
  if (body.projects !== undefined && (!Array.isArray(body.projects) || body.projects.length === 0))
    errors.projects = ['This list may not be empty.'];
  return errors;
}

/**
 * Not idempotent (facts A5): every POST adds a deploy and bumps deployCount. A missing release and a
 * token that may not act on all of its projects get the same 404 — never a 403.
 */
function create(ctx: Ctx): Reply {
  const release = findRelease(ctx);
  if (!release || !mayUse(ctx, release, true)) return notFound();
  const body = bodyObject(ctx);
  const errors = errorsOf(body);
  if (Object.keys(errors).length > 0) return json(400, errors);
  const asked = Array.isArray(body.projects) ? (body.projects as unknown[]) : release.projects;
  const slugs: string[] = [];
  for (const idOrSlug of asked) {
    const project = ctx.core.state.projects.find((p) => p.slug === idOrSlug || p.id === Number(idOrSlug));
    if (!project || !canAccessProject(ctx.token, project.slug))
      return json(400, { projects: [`Invalid project slug or id: ${String(idOrSlug)}`] });
    if (!slugs.includes(project.slug)) slugs.push(project.slug);
  }
  const invalid = slugs.filter((s) => !release.projects.includes(s));
  if (invalid.length > 0) {
    return json(400, {
      detail: {
        code: 'parameter-validation-error',
        message: `Invalid projects (${invalid.join(', ')}) for release ${release.version}`,
        extra: {},
      },
    });
  }
  const environment = body.environment as string;
  if (!ctx.core.state.environments.includes(environment)) ctx.core.state.environments.push(environment);
  const deploy: DeployRecord = {
    id: String(ctx.core.state.nextId()),
    version: release.version,
    environment,
    name: typeof body.name === 'string' && body.name ? body.name : null,
    url: typeof body.url === 'string' && body.url ? body.url : null,
    dateStarted: parseDate(body.dateStarted) ?? null,
    dateFinished: parseDate(body.dateFinished) ?? iso(ctx.core.now()),
    projects: slugs,
  };
  ctx.core.state.deploys.push(deploy);
  release.deployCount++;
  release.lastDeploy = deploy;
  return json(201, deployView(deploy));
}

function list(ctx: Ctx): Reply {
  const release = findRelease(ctx);
  if (!release || !mayUse(ctx, release)) return notFound();
  const deploys = ctx.core.state.deploys
    .filter((d) => d.version === release.version)
    .toSorted((a, b) => b.dateFinished.localeCompare(a.dateFinished))
    .map(deployView);
  return paginate(ctx, deploys, 100);
}

export const deployRoutes: Route[] = [
  {
    method: 'POST',
    pattern: new RegExp(`${R}/?$`),
    name: 'release-deploys',
    permission: 'release-write',
    hideForbidden: true,
    handle: create,
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/?$`),
    name: 'release-deploys',
    permission: 'release-read',
    hideForbidden: true,
    handle: list,
  },
];
