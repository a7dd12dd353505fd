import { json, notFound, page, type DoubleCore, type Route } from '../kit.ts';
import type { FixturePullRequest } from '../pull-requests.ts';
import { recount } from '../issues.ts';
import { accountId, userView } from '../tokens.ts';
import { forkView, links, repoView } from './repos.ts';

const R = '^/repos/([^/]+)/([^/]+)';

export function restPull(core: DoubleCore, pr: FixturePullRequest): Record<string, unknown> {
  const api = links(core).apiRepo;
  const headOwner = pr.headOwner ?? core.owner;
  const milestone = core.state.milestones.find((m) => m.number === pr.milestone);
  return {
    url: `${api}/pulls/${pr.number}`,
    id: 100000 + pr.number,
    node_id: Buffer.from(`PullRequest:${pr.number}`).toString('base64'),
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    body: pr.body,
    html_url: `${core.htmlUrl}/pull/${pr.number}`,
    issue_url: `${api}/issues/${pr.number}`,
    user: userView(
      { login: pr.author.login, id: accountId(pr.author.login), type: pr.author.isBot ? 'Bot' : 'User' },
      core.url,
    ),
    labels: pr.labels.map((name, i) => ({ id: i + 1, name, color: 'ededed', default: false })),
    milestone: milestone ? recount(core, milestone) : null,
    created_at: pr.createdAt,
    updated_at: pr.closedAt ?? pr.mergedAt ?? pr.createdAt,
    closed_at: pr.closedAt ?? pr.mergedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    merged: pr.mergedAt !== null,
    draft: pr.draft ?? false,
    author_association: pr.headOwner ? 'CONTRIBUTOR' : 'MEMBER',
    base: {
      ref: pr.baseRefName,
      label: `${core.owner}:${pr.baseRefName}`,
      sha: core.git.resolve(pr.baseRefName) ?? null,
      repo: repoView(core),
    },
    head: {
      ref: pr.headRefName,
      sha: pr.headSha,
      label: `${headOwner}:${pr.headRefName}`,
      repo: pr.headOwner ? forkView(core, pr.headOwner) : repoView(core),
    },
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
