import { json, paginate, type Route } from '../kit.ts';
import { serializeRelease } from '../releases.ts';
import { findRelease, mayUse } from './releases.ts';

/** What sentry-cli reads around set-commits: the linked repositories, and the previous release with commits. */
export const orgRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/0\/organizations\/([^/]+)\/repos\/?$/,
    name: 'organization-repos',
    permission: 'org-read',
    handle: (ctx) =>
      paginate(
        ctx,
        ctx.core.state.repositories.map((r) => ({
          id: String(r.id),
          name: r.name,
          url: `https://github.com/${r.name}`,
          provider: { id: 'integrations:github', name: 'GitHub' },
          status: 'active',
          dateCreated: r.dateCreated,
          integrationId: '1',
          externalSlug: r.name,
        })),
        100,
      ),
  },
  {
    method: 'GET',
    pattern: /^\/api\/0\/organizations\/([^/]+)\/releases\/([^/]+)\/previous-with-commits\/?$/,
    name: 'release-previous-with-commits',
    permission: 'release-read',
    handle: (ctx) => {
      const release = findRelease(ctx);
      if (!release || !mayUse(ctx, release)) return json(404, { detail: 'The requested resource does not exist' });
      const previous = ctx.core.state.releases
        .filter((r) => r !== release && r.commits.length > 0 && r.projects.some((p) => release.projects.includes(p)))
        .filter((r) => r.dateCreated <= release.dateCreated)
        .at(-1);
      return json(200, previous ? serializeRelease(ctx.core, previous) : {});
    },
  },
];
