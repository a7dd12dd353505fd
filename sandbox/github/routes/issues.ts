import { addIssue, allIssues, findIssue, issueFields, restIssue, type IssueLike } from '../issues.ts';
import { bodyObject, invalid, isoAt, json, notFound, page, type Ctx, type Reply, type Route } from '../kit.ts';

const R = '^/repos/([^/]+)/([^/]+)/issues';

/** `milestone` takes a number, `*` (any) or `none`, as GitHub's list filter does. */
function matchesMilestone(filter: string | null, milestone: number | null): boolean {
  if (filter === null) return true;
  if (filter === '*') return milestone !== null;
  if (filter === 'none') return milestone === null;
  return milestone === Number(filter);
}

function list(ctx: Ctx): Reply {
  const state = ctx.query.get('state') ?? 'open';
  const labels = (ctx.query.get('labels') ?? '').split(',').filter(Boolean);
  const since = ctx.query.get('since');
  const sort = ctx.query.get('sort') ?? 'created';
  const direction = ctx.query.get('direction') ?? 'desc';
  const items = allIssues(ctx.core).filter((item) => {
    const f = issueFields(item);
    return (
      (state === 'all' || f.state === state) &&
      matchesMilestone(ctx.query.get('milestone'), f.milestone) &&
      labels.every((l) => f.labels.some((name) => name.toLowerCase() === l.toLowerCase())) &&
      (!since || f.updatedAt >= since)
    );
  });
  const key = (item: IssueLike): string => {
    const f = issueFields(item);
    return sort === 'updated' ? f.updatedAt : f.createdAt;
  };
  items.sort((a, b) => key(a).localeCompare(key(b)) || issueFields(a).number - issueFields(b).number);
  if (direction === 'desc') items.reverse();
  return page(
    ctx,
    items.map((item) => restIssue(ctx.core, item)),
  );
}

/** A milestone field as sent: a number (or its digits), or null to remove it. */
function milestoneValue(value: unknown): number | null | undefined {
  if (value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function labelNames(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((l) => (typeof l === 'string' ? l : String((l as { name?: unknown })?.name ?? '')));
}

function create(ctx: Ctx): Reply {
  const body = bodyObject(ctx);
  if (typeof body.title !== 'string' || !body.title) return invalid('Issue', 'title', 'missing_field');
  // Without push access GitHub creates the issue but drops labels and milestone.
  const milestone = ctx.identity.push ? milestoneValue(body.milestone) : undefined;
  if (milestone != null && !ctx.core.state.milestones.some((m) => m.number === milestone))
    return invalid('Issue', 'milestone', 'invalid');
  const issue = addIssue(ctx.core, {
    title: body.title,
    body: typeof body.body === 'string' ? body.body : null,
    labels: ctx.identity.push ? (labelNames(body.labels) ?? []) : [],
    author: ctx.identity.login,
    milestone: milestone ?? null,
  });
  return json(201, restIssue(ctx.core, { kind: 'issue', issue }));
}

function update(ctx: Ctx): Reply {
  const item = findIssue(ctx.core, Number(ctx.params[2]));
  if (!item) return notFound();
  const body = bodyObject(ctx);
  const milestone = milestoneValue(body.milestone);
  if ('milestone' in body && milestone === undefined) return invalid('Issue', 'milestone', 'invalid');
  if (milestone != null && !ctx.core.state.milestones.some((m) => m.number === milestone))
    return invalid('Issue', 'milestone', 'invalid');
  const state = body.state === 'open' || body.state === 'closed' ? body.state : undefined;
  if (item.kind === 'pull' && state === 'open' && item.pull.mergedAt)
    return invalid('PullRequest', 'state', 'invalid', 'A merged pull request cannot be reopened');
  const labels = labelNames(body.labels);
  const now = isoAt(ctx.core);
  const target = item.kind === 'issue' ? item.issue : item.pull;
  if (typeof body.title === 'string' && body.title) target.title = body.title;
  // A null body empties it: an issue's body is null then, a pull request's the empty string.
  if (typeof body.body === 'string') target.body = body.body;
  else if (body.body === null) {
    if (item.kind === 'issue') item.issue.body = null;
    else item.pull.body = '';
  }
  // Facts B2: a token without push access gets a 200 and the milestone (and labels) silently unchanged.
  if (ctx.identity.push && milestone !== undefined) target.milestone = milestone;
  if (ctx.identity.push && labels) target.labels = labels;
  if (item.kind === 'issue') {
    if (state && state !== item.issue.state) item.issue.closed_at = state === 'closed' ? now : null;
    if (state) item.issue.state = state;
    item.issue.updated_at = now;
  } else if (state && state !== item.pull.state) {
    item.pull.state = state;
    item.pull.closedAt = state === 'closed' ? now : null;
  }
  return json(200, restIssue(ctx.core, item));
}

export const issueRoutes: Route[] = [
  { method: 'GET', pattern: new RegExp(`${R}$`), handle: list },
  { method: 'POST', pattern: new RegExp(`${R}$`), handle: create, createsContent: true },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/(\\d+)$`),
    handle: (ctx) => {
      const item = findIssue(ctx.core, Number(ctx.params[2]));
      return item ? json(200, restIssue(ctx.core, item)) : notFound();
    },
  },
  { method: 'PATCH', pattern: new RegExp(`${R}/(\\d+)$`), handle: update },
];
