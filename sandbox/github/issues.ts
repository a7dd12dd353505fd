import { authorFor } from './git-fixture.ts';
import { isoAt, type DoubleCore } from './kit.ts';
import type { FixturePullRequest } from './pull-requests.ts';
import { links } from './routes/repos.ts';
import type { IssueRecord, MilestoneRecord } from './state.ts';
import { accountId, userView } from './tokens.ts';

export interface IssueSpec {
  title: string;
  body?: string | null;
  labels?: string[];
  /** Login of the author (default octocat). */
  author?: string;
  state?: 'open' | 'closed';
  milestone?: number | null;
}

/** An issue number is a plain issue or a pull request: GitHub's issue endpoints take both. */
export type IssueLike = { kind: 'issue'; issue: IssueRecord } | { kind: 'pull'; pull: FixturePullRequest };

export function findIssue(core: DoubleCore, number: number): IssueLike | undefined {
  const issue = core.state.issues.find((i) => i.number === number);
  if (issue) return { kind: 'issue', issue };
  const pull = core.git.pulls.get(number);
  return pull ? { kind: 'pull', pull } : undefined;
}

export function addIssue(core: DoubleCore, spec: IssueSpec): IssueRecord {
  const login = spec.author ?? 'octocat';
  const now = isoAt(core);
  const issue: IssueRecord = {
    number: core.git.pulls.reserveIssueNumber(),
    title: spec.title,
    body: spec.body ?? null,
    labels: spec.labels ?? [],
    author: { login, isBot: authorFor(login).isBot ?? false },
    state: spec.state ?? 'open',
    milestone: spec.milestone ?? null,
    created_at: now,
    updated_at: now,
    closed_at: spec.state === 'closed' ? now : null,
  };
  core.state.issues.push(issue);
  return issue;
}

/** What every issue-like shares, read the same way for issues and pull requests. */
export function issueFields(item: IssueLike): {
  number: number;
  state: 'open' | 'closed';
  labels: string[];
  milestone: number | null;
  createdAt: string;
  updatedAt: string;
} {
  if (item.kind === 'issue') {
    const { number, state, labels, milestone, created_at, updated_at } = item.issue;
    return { number, state, labels, milestone, createdAt: created_at, updatedAt: updated_at };
  }
  const pr = item.pull;
  return {
    number: pr.number,
    state: pr.state,
    labels: pr.labels,
    milestone: pr.milestone ?? null,
    createdAt: pr.createdAt,
    updatedAt: pr.closedAt ?? pr.mergedAt ?? pr.createdAt,
  };
}

/** Every issue and pull request, lowest number first. */
export function allIssues(core: DoubleCore): IssueLike[] {
  const items: IssueLike[] = [
    ...core.state.issues.map((issue) => ({ kind: 'issue' as const, issue })),
    ...core.git.pulls.all().map((pull) => ({ kind: 'pull' as const, pull })),
  ];
  return items.sort((a, b) => issueFields(a).number - issueFields(b).number);
}

/** A milestone's open/closed counts, from the issues and pull requests that carry it. */
export function recount(core: DoubleCore, milestone: MilestoneRecord): MilestoneRecord {
  const carrying = allIssues(core)
    .map(issueFields)
    .filter((i) => i.milestone === milestone.number);
  milestone.open_issues = carrying.filter((i) => i.state === 'open').length;
  milestone.closed_issues = carrying.length - milestone.open_issues;
  return milestone;
}

/** `GET …/issues/{n}` shape; a pull request carries the `pull_request` key, as GitHub marks them. */
export function restIssue(core: DoubleCore, item: IssueLike): Record<string, unknown> {
  const api = links(core).apiRepo;
  const f = issueFields(item);
  const author = item.kind === 'issue' ? item.issue.author : item.pull.author;
  const milestone = core.state.milestones.find((m) => m.number === f.milestone);
  const htmlUrl = `${core.htmlUrl}/${item.kind === 'issue' ? 'issues' : 'pull'}/${f.number}`;
  return {
    url: `${api}/issues/${f.number}`,
    html_url: htmlUrl,
    comments_url: `${api}/issues/${f.number}/comments`,
    id: (item.kind === 'issue' ? 200000 : 100000) + f.number,
    node_id: Buffer.from(`Issue:${f.number}`).toString('base64'),
    number: f.number,
    title: item.kind === 'issue' ? item.issue.title : item.pull.title,
    body: item.kind === 'issue' ? item.issue.body : item.pull.body,
    user: userView({ login: author.login, id: accountId(author.login), type: author.isBot ? 'Bot' : 'User' }, core.url),
    labels: f.labels.map((name, i) => ({ id: i + 1, name, color: 'ededed', default: false })),
    state: f.state,
    locked: false,
    milestone: milestone ? recount(core, milestone) : null,
    comments: core.state.comments.filter((c) => c.issue_url === `${api}/issues/${f.number}`).length,
    created_at: f.createdAt,
    updated_at: f.updatedAt,
    closed_at: item.kind === 'issue' ? item.issue.closed_at : (item.pull.closedAt ?? item.pull.mergedAt),
    author_association: 'MEMBER',
    ...(item.kind === 'pull'
      ? {
          draft: item.pull.draft ?? false,
          pull_request: {
            url: `${api}/pulls/${f.number}`,
            html_url: htmlUrl,
            diff_url: `${htmlUrl}.diff`,
            patch_url: `${htmlUrl}.patch`,
            merged_at: item.pull.mergedAt,
          },
        }
      : {}),
  };
}
