import { allIssues, issueFields, recount } from '../issues.ts';
import { bodyObject, invalid, isoAt, json, notFound, page, type Ctx, type Reply, type Route } from '../kit.ts';
import type { MilestoneRecord } from '../state.ts';
import { userView } from '../tokens.ts';
import { links } from './repos.ts';

const R = '^/repos/([^/]+)/([^/]+)/milestones';

/** GitHub's due_on: ISO 8601 in UTC without milliseconds ("YYYY-MM-DDTHH:MM:SSZ"). */
function dueOn(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return undefined;
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function clash(ctx: Ctx, title: string, except?: number): boolean {
  const rule = ctx.core.settings.duplicateMilestoneTitles;
  if (rule === 'allow') return false;
  const same = (a: string) => (rule === 'refuse-ignoring-case' ? a.toLowerCase() === title.toLowerCase() : a === title);
  return ctx.core.state.milestones.some((m) => m.number !== except && same(m.title));
}

function create(ctx: Ctx): Reply {
  const body = bodyObject(ctx);
  if (typeof body.title !== 'string' || !body.title) return invalid('Milestone', 'title', 'missing_field');
  if (clash(ctx, body.title)) return invalid('Milestone', 'title', 'already_exists');
  const due = 'due_on' in body ? dueOn(body.due_on) : null;
  if (due === undefined) return invalid('Milestone', 'due_on', 'invalid');
  const state = body.state === 'closed' ? 'closed' : 'open';
  const { milestones } = ctx.core.state;
  const number = Math.max(0, ...milestones.map((m) => m.number)) + 1;
  const id = ctx.core.state.nextId();
  const now = isoAt(ctx.core);
  const api = links(ctx.core).apiRepo;
  const milestone: MilestoneRecord = {
    url: `${api}/milestones/${number}`,
    html_url: `${ctx.core.htmlUrl}/milestone/${number}`,
    labels_url: `${api}/milestones/${number}/labels`,
    id,
    node_id: Buffer.from(`Milestone:${id}`).toString('base64'),
    number,
    title: body.title,
    description: typeof body.description === 'string' ? body.description : null,
    creator: userView(ctx.identity, ctx.core.url),
    open_issues: 0,
    closed_issues: 0,
    state,
    created_at: now,
    updated_at: now,
    closed_at: state === 'closed' ? now : null,
    due_on: due,
  };
  milestones.push(milestone);
  return json(201, milestone);
}

function list(ctx: Ctx): Reply {
  const state = ctx.query.get('state') ?? 'open';
  const sort = ctx.query.get('sort') ?? ctx.core.settings.milestoneSort;
  const direction = ctx.query.get('direction') ?? ctx.core.settings.milestoneDirection;
  const completeness = (m: MilestoneRecord) => m.closed_issues / Math.max(1, m.open_issues + m.closed_issues);
  const due = (m: MilestoneRecord) => (m.due_on ? Date.parse(m.due_on) : 0);
  const list = ctx.core.state.milestones
    .map((m) => recount(ctx.core, m))
    .filter((m) => state === 'all' || m.state === state)
    .toSorted((a, b) => {
      // Milestones without a due date come last when sorting by due_on, whatever the direction.
      if (sort !== 'completeness' && (a.due_on === null) !== (b.due_on === null)) return a.due_on === null ? 1 : -1;
      const order = sort === 'completeness' ? completeness(a) - completeness(b) : due(a) - due(b);
      return (direction === 'desc' ? -order : order) || a.number - b.number;
    });
  return page(ctx, list);
}

const byNumber = (ctx: Ctx): MilestoneRecord | undefined =>
  ctx.core.state.milestones.find((m) => m.number === Number(ctx.params[2]));

function update(ctx: Ctx): Reply {
  const milestone = byNumber(ctx);
  if (!milestone) return notFound();
  const body = bodyObject(ctx);
  if (typeof body.title === 'string' && clash(ctx, body.title, milestone.number))
    return invalid('Milestone', 'title', 'already_exists');
  const due = 'due_on' in body ? dueOn(body.due_on) : milestone.due_on;
  if (due === undefined) return invalid('Milestone', 'due_on', 'invalid');
  if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed')
    return invalid('Milestone', 'state', 'invalid');
  const now = isoAt(ctx.core);
  if (typeof body.title === 'string' && body.title) milestone.title = body.title;
  if (typeof body.description === 'string' || body.description === null) milestone.description = body.description;
  milestone.due_on = due;
  if (body.state && body.state !== milestone.state) {
    milestone.state = body.state;
    milestone.closed_at = body.state === 'closed' ? now : null;
  }
  milestone.updated_at = now;
  return json(200, recount(ctx.core, milestone));
}

function remove(ctx: Ctx): Reply {
  const milestone = byNumber(ctx);
  if (!milestone) return notFound();
  // Its issues and pull requests lose the milestone, as on GitHub.
  for (const item of allIssues(ctx.core)) {
    if (issueFields(item).milestone !== milestone.number) continue;
    if (item.kind === 'issue') item.issue.milestone = null;
    else item.pull.milestone = null;
  }
  ctx.core.state.milestones.splice(ctx.core.state.milestones.indexOf(milestone), 1);
  return { status: 204 };
}

export const milestoneRoutes: Route[] = [
  { method: 'GET', pattern: new RegExp(`${R}$`), handle: list },
  { method: 'POST', pattern: new RegExp(`${R}$`), handle: create },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/(\\d+)$`),
    handle: (ctx) => {
      const milestone = byNumber(ctx);
      return milestone ? json(200, recount(ctx.core, milestone)) : notFound();
    },
  },
  { method: 'PATCH', pattern: new RegExp(`${R}/(\\d+)$`), handle: update },
  { method: 'DELETE', pattern: new RegExp(`${R}/(\\d+)$`), handle: remove },
];
