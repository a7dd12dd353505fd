import { canAccessProject } from '../auth.ts';
import { bodyObject, fieldError, json, notFound, parseDate, type Ctx, type Reply, type Route } from '../kit.ts';
import { newRelease, serializeRelease, setRefs } from '../releases.ts';
import type { ReleaseRecord } from '../state.ts';
import { commitsOf, refsOf, releaseErrors } from '../validate.ts';

const R = '^/api/0/organizations/([^/]+)/releases';

/** Requested projects (slugs or ids) among those the token may use, or the server's 400. */
function resolveProjects(ctx: Ctx, requested: unknown[]): string[] | Reply {
  const slugs: string[] = [];
  for (const idOrSlug of requested) {
    const project = ctx.core.state.projects.find(
      (p) => (p.slug === idOrSlug || p.id === Number(idOrSlug)) && canAccessProject(ctx.token, p.slug),
    );
    if (!project) return fieldError('projects', 'Invalid project ids or slugs');
    if (!slugs.includes(project.slug)) slugs.push(project.slug);
  }
  return slugs;
}

export function findRelease(ctx: Ctx): ReleaseRecord | undefined {
  return ctx.core.state.releases.find((r) => r.version === ctx.params[1]);
}

/** The server's has_release_permission: access to one of its projects (or, with `all`, to every one). */
export function mayUse(ctx: Ctx, release: ReleaseRecord, all = false): boolean {
  if (release.projects.length === 0) return true;
  const ok = (p: string) => canAccessProject(ctx.token, p);
  return all ? release.projects.every(ok) : release.projects.some(ok);
}

/** Records the finalize activity once, on the first move from unreleased to released (facts A4). */
function released(release: ReleaseRecord, date: string | null): void {
  if (date && !release.dateReleased) release.activities.push({ type: 'release', date });
  release.dateReleased = date;
}

/**
 * Get-or-create on (org, version) (facts A2): 201 created or a project added, 208 otherwise. An
 * existing release keeps its ref, url and dateReleased; commits and refs are applied either way.
 */
function create(ctx: Ctx): Reply {
  const body = bodyObject(ctx);
  const errors = releaseErrors(body, true);
  if (Object.keys(errors).length > 0) return json(400, errors);
  const projects = resolveProjects(ctx, body.projects as unknown[]);
  if (!Array.isArray(projects)) return projects;
  const version = body.version as string;
  let release = ctx.core.state.releases.find((r) => r.version === version);
  const created = !release;
  if (release) {
    const hidden = release.projects.filter((p) => !canAccessProject(ctx.token, p));
    if (hidden.length > 0)
      return fieldError(
        'projects',
        `You do not have permission to one of the projects: ${release.projects.join(', ')}`,
      );
  } else {
    const dateReleased = parseDate(body.dateReleased) ?? null;
    release = newRelease(ctx.core, version, {
      ref: typeof body.ref === 'string' ? body.ref : null,
      url: typeof body.url === 'string' ? body.url : null,
      dateStarted: parseDate(body.dateStarted) ?? null,
      ...(typeof body.status === 'string' ? { status: body.status } : {}),
    });
    released(release, dateReleased);
  }
  const added = projects.filter((p) => !release.projects.includes(p));
  release.projects.push(...added);
  const commits = commitsOf(body);
  if (commits && commits.length > 0) release.commits = commits;
  const refs = refsOf(body);
  if (refs && refs.length > 0) {
    const problem = setRefs(ctx.core, release, refs, !(commits && commits.length > 0));
    if (problem) return fieldError('refs', problem);
  }
  return json(!created && added.length === 0 ? 208 : 201, serializeRelease(ctx.core, release));
}

/** Set commits (refs; `refs: []` clears them) and finalize (dateReleased), facts A3/A4. */
function update(ctx: Ctx): Reply {
  const release = findRelease(ctx);
  // Missing, or none of its projects is the token's: the same 404.
  if (!release || !mayUse(ctx, release)) return notFound();
  const body = bodyObject(ctx);
  const errors = releaseErrors(body, false);
  if (Object.keys(errors).length > 0) return json(400, errors);
  if (Array.isArray(body.projects)) {
    const projects = resolveProjects(ctx, body.projects);
    if (!Array.isArray(projects)) return projects;
    release.projects.push(...projects.filter((p) => !release.projects.includes(p)));
  }
  if (typeof body.ref === 'string' || body.ref === null) release.ref = body.ref;
  if (typeof body.url === 'string' || body.url === null) release.url = body.url;
  if (typeof body.status === 'string') release.status = body.status;
  if ('dateReleased' in body) released(release, parseDate(body.dateReleased) ?? null);
  const commits = commitsOf(body);
  if (commits) release.commits = commits;
  const refs = refsOf(body);
  if (refs && refs.length === 0) {
    release.refs = [];
    release.commits = [];
  } else if (refs) {
    const problem = setRefs(ctx.core, release, refs, !commits);
    if (problem) return fieldError('refs', problem);
  }
  return json(200, serializeRelease(ctx.core, release));
}

export const releaseRoutes: Route[] = [
  { method: 'POST', pattern: new RegExp(`${R}/?$`), name: 'releases', permission: 'release-write', handle: create },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/([^/]+)/?$`),
    name: 'release-details',
    permission: 'release-read',
    handle: (ctx) => {
      const release = findRelease(ctx);
      if (!release || !mayUse(ctx, release)) return notFound();
      return json(200, serializeRelease(ctx.core, release));
    },
  },
  {
    method: 'PUT',
    pattern: new RegExp(`${R}/([^/]+)/?$`),
    name: 'release-details',
    permission: 'release-write',
    handle: update,
  },
];
