import { findIssue } from '../issues.ts';
import { bodyObject, invalid, isoAt, json, notFound, page, type Ctx, type Reply, type Route } from '../kit.ts';
import type { CommentRecord } from '../state.ts';
import { userView } from '../tokens.ts';
import { links } from './repos.ts';

const R = '^/repos/([^/]+)/([^/]+)/issues';

/** The app behind the GITHUB_TOKEN, as GitHub names it on the comments that token writes. */
const ACTIONS_APP = { id: 15368, slug: 'github-actions', name: 'GitHub Actions', owner: { login: 'github' } };

/** A body GitHub would refuse, as its 422: missing, or longer than the limit (counted in characters). */
function badBody(ctx: Ctx, body: unknown): Reply | undefined {
  if (typeof body !== 'string' || body === '') return invalid('IssueComment', 'body', 'missing_field');
  const max = ctx.core.settings.maxCommentLength;
  // Code points, not UTF-16 units: GitHub counts an emoji as one character.
  if ([...body].length > max)
    return invalid('IssueComment', 'body', 'custom', `body is too long (maximum is ${max} characters)`);
  return undefined;
}

const numberOf = (comment: CommentRecord): number => Number(comment.issue_url.split('/').pop());

function create(ctx: Ctx): Reply {
  const number = Number(ctx.params[2]);
  const item = findIssue(ctx.core, number);
  if (!item) return notFound();
  const { body } = bodyObject(ctx);
  const refusal = badBody(ctx, body);
  if (refusal) return refusal;
  const id = ctx.core.state.nextId();
  const now = isoAt(ctx.core);
  const api = links(ctx.core).apiRepo;
  const comment: CommentRecord = {
    id,
    node_id: Buffer.from(`IssueComment:${id}`).toString('base64'),
    url: `${api}/issues/comments/${id}`,
    html_url: `${ctx.core.htmlUrl}/${item.kind === 'issue' ? 'issues' : 'pull'}/${number}#issuecomment-${id}`,
    issue_url: `${api}/issues/${number}`,
    body: body as string,
    user: userView(ctx.identity, ctx.core.url) as CommentRecord['user'],
    created_at: now,
    updated_at: now,
    author_association: ctx.identity.association,
    performed_via_github_app: ctx.identity.login === 'github-actions[bot]' ? ACTIONS_APP : null,
  };
  ctx.core.state.comments.push(comment);
  return json(201, comment);
}

function list(ctx: Ctx): Reply {
  const number = Number(ctx.params[2]);
  if (!findIssue(ctx.core, number)) return notFound();
  const since = ctx.query.get('since');
  // `since`: comments updated at or after that time, as GitHub filters them.
  const comments = ctx.core.state.comments
    .filter((c) => numberOf(c) === number && (!since || Date.parse(c.updated_at) >= Date.parse(since)))
    .toSorted((a, b) => a.id - b.id);
  return page(ctx, comments);
}

const byId = (ctx: Ctx): CommentRecord | undefined =>
  ctx.core.state.comments.find((c) => c.id === Number(ctx.params[2]));

function update(ctx: Ctx): Reply {
  const comment = byId(ctx);
  if (!comment) return notFound();
  const { body } = bodyObject(ctx);
  const refusal = badBody(ctx, body);
  if (refusal) return refusal;
  comment.body = body as string;
  comment.updated_at = isoAt(ctx.core);
  return json(200, comment);
}

function remove(ctx: Ctx): Reply {
  const comment = byId(ctx);
  if (!comment) return notFound();
  ctx.core.state.comments.splice(ctx.core.state.comments.indexOf(comment), 1);
  return { status: 204 };
}

export const commentRoutes: Route[] = [
  { method: 'POST', pattern: new RegExp(`${R}/(\\d+)/comments$`), handle: create, createsContent: true },
  { method: 'GET', pattern: new RegExp(`${R}/(\\d+)/comments$`), handle: list },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/comments/(\\d+)$`),
    handle: (ctx) => {
      const comment = byId(ctx);
      return comment ? json(200, comment) : notFound();
    },
  },
  { method: 'PATCH', pattern: new RegExp(`${R}/comments/(\\d+)$`), handle: update },
  { method: 'DELETE', pattern: new RegExp(`${R}/comments/(\\d+)$`), handle: remove },
];
