import { json, notFound, page, type DoubleCore, type Route } from '../kit.ts';
import type { FixturePullRequest } from '../pull-requests.ts';
import { links } from './repos.ts';

const R = '^/repos/([^/]+)/([^/]+)';

export function restPull(core: DoubleCore, pr: FixturePullRequest): Record<string, unknown> {
  const api = links(core).apiRepo;
  return {
    url: `${api}/pulls/${pr.number}`,
    id: 100000 + pr.number,
    number: pr.number,
    state: pr.state,
    title: pr.title,
    body: pr.body,
    html_url: `${core.htmlUrl}/pull/${pr.number}`,
    user: { login: pr.author.login, type: pr.author.isBot ? 'Bot' : 'User' },
    labels: pr.labels.map((name, i) => ({ id: i + 1, name, color: 'ededed', default: false })),
    created_at: pr.createdAt,
    updated_at: pr.mergedAt ?? pr.createdAt,
    closed_at: pr.mergedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    merged: pr.mergedAt !== null,
    draft: false,
    base: { ref: pr.baseRefName, label: `${core.owner}:${pr.baseRefName}` },
    head: { ref: pr.headRefName, sha: pr.headSha, label: `${core.owner}:${pr.headRefName}` },
  };
}

export const pullRoutes: Route[] = [
  {
    method: 'GET',
    pattern: new RegExp(`${R}/pulls/(\\d+)$`),
    handle: (ctx) => {
      const pr = ctx.core.git.pulls.get(Number(ctx.params[2]));
      return pr ? json(200, restPull(ctx.core, pr)) : notFound();
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/pulls$`),
    handle: (ctx) => {
      const state = ctx.query.get('state') ?? 'open';
      const list = ctx.core.git.pulls
        .all()
        .filter((pr) => state === 'all' || pr.state === state)
        .toReversed();
      return page(
        ctx,
        list.map((pr) => restPull(ctx.core, pr)),
      );
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${R}/commits/([^/]+)/pulls$`),
    handle: (ctx) => {
      const sha = ctx.core.git.resolve(ctx.params[2] ?? '');
      if (!sha) return json(422, { message: `No commit found for SHA: ${ctx.params[2]}`, status: '422' });
      return page(
        ctx,
        ctx.core.git.pulls.forCommit(sha).map((pr) => restPull(ctx.core, pr)),
      );
    },
  },
];
