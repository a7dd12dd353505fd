import { canAccessProject } from '../auth.ts';
import { json, paginate, type Ctx, type Reply, type Route } from '../kit.ts';
import { matchesAll, parseQuery, periodMs } from '../query.ts';
import type { IssueRecord } from '../state.ts';

const SORTS: Record<string, (a: IssueRecord, b: IssueRecord) => number> = {
  date: (a, b) => b.lastSeen.localeCompare(a.lastSeen),
  new: (a, b) => b.firstSeen.localeCompare(a.firstSeen),
  freq: (a, b) => b.count - a.count,
  user: (a, b) => b.userCount - a.userCount,
};

/** The issue as the list answers it (docs example fields, facts A6): `count` is a string. */
function issueView(ctx: Ctx, issue: IssueRecord): Record<string, unknown> {
  const project = ctx.core.state.projects.find((p) => p.slug === issue.project)!;
  return {
    id: issue.id,
    shortId: issue.shortId,
    title: issue.title,
    culprit: issue.culprit,
    level: issue.level,
    status: issue.status,
    substatus: issue.status === 'unresolved' ? 'new' : null,
    statusDetails: {},
    firstSeen: issue.firstSeen,
    lastSeen: issue.lastSeen,
    count: String(issue.count),
    userCount: issue.userCount,
    permalink: `${ctx.core.url}/organizations/${ctx.core.org}/issues/${issue.id}/`,
    project: { id: String(project.id), slug: project.slug, name: project.name },
    type: 'error',
    metadata: { title: issue.title },
    numComments: 0,
    assignedTo: null,
    isBookmarked: false,
    hasSeen: false,
    annotations: [],
  };
}

const badRequest = (detail: string): Reply => json(400, { detail });

/** `GET /api/0/organizations/{org}/issues/` (facts A6): query, environment, project, period, sort, limit. */
function list(ctx: Ctx): Reply {
  const { settings, state } = ctx.core;
  // No `query` at all means is:unresolved; `?query=` (empty) means every issue.
  const query = ctx.query.has('query') ? (ctx.query.get('query') ?? '') : 'is:unresolved';
  const all = parseQuery(query);
  // Unconfirmed whether the server adds its default to a query of one's own: off unless asked.
  if (settings.defaultQueryAddsUnresolved && query && !all.some((t) => t.key === 'is'))
    all.push(...parseQuery('is:unresolved'));
  if (settings.requireQuotedVersions) {
    const bare = all.find(
      (t) => /^(first-release|firstRelease|release)$/.test(t.key ?? '') && !t.quoted && /[@+\s]/.test(t.value),
    );
    if (bare) return badRequest(`Invalid search query: quote the release "${bare.value}"`);
  }
  const ids = ctx.query.getAll('project').map(Number);
  const visible = state.projects.filter((p) => canAccessProject(ctx.token, p.slug));
  let projects = visible;
  if (ids.length > 0 && !ids.includes(-1)) {
    if (ids.some((id) => !visible.some((p) => p.id === id))) return json(403, settings.bodies.forbidden);
    projects = visible.filter((p) => ids.includes(p.id));
  }
  const environments = ctx.query.getAll('environment');
  const now = ctx.core.now();
  let from = 0;
  let to = Infinity;
  if (ctx.query.has('start') || ctx.query.has('end')) {
    from = Date.parse(ctx.query.get('start') ?? '');
    to = Date.parse(ctx.query.get('end') ?? '');
    if (Number.isNaN(from) || Number.isNaN(to)) return badRequest('start and end are both required');
  } else {
    const period = periodMs(ctx.query.get('statsPeriod') || settings.defaultStatsPeriod);
    if (period === undefined) return badRequest('Invalid statsPeriod');
    from = now - period;
  }
  const sort = SORTS[ctx.query.get('sort') ?? 'date'] ?? SORTS.date!;
  const limit = Math.min(settings.issuesMaxLimit, Math.max(1, Number(ctx.query.get('limit') ?? 25) || 25));
  const shortId =
    ctx.query.get('shortIdLookup') === '1' ? state.issues.find((i) => i.shortId === query.trim()) : undefined;
  const issues = shortId
    ? [shortId]
    : state.issues
        .filter(
          (i) =>
            projects.some((p) => p.slug === i.project) &&
            (environments.length === 0 || environments.some((e) => i.environments.includes(e))) &&
            Date.parse(i.lastSeen) >= from &&
            Date.parse(i.firstSeen) <= to &&
            matchesAll(all, i),
        )
        .toSorted(sort);
  return paginate(
    ctx,
    issues.map((i) => issueView(ctx, i)),
    limit,
  );
}

export const issueRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/0\/organizations\/([^/]+)\/issues\/?$/,
    name: 'organization-issues',
    permission: 'event-read',
    handle: list,
  },
];
