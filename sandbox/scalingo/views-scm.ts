// JSON bodies of SCM repo links, their pull requests and review apps (scalingo-api.md §7,
// api-facts-wave2 §15.2: the review-app item with every field the docs show).
import type { AppState, PullRequestState, ReviewAppState, ScmRepoLinkState } from './state.ts';
import { pusher, type ViewContext } from './views.ts';

/** Go's zero time: what Scalingo sends for "not closed" (never null). */
const ZERO_TIME = '0001-01-01T00:00:00Z';
/** The docs' on_close_deletion_date of a live review app is far in the future. */
const FAR_FUTURE = '2135-01-01T00:00:00Z';

const plusHours = (at: string, hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();

export function scmRepoLinkView(v: ViewContext, app: AppState, link: ScmRepoLinkState) {
  return {
    id: link.id,
    app_id: app.id,
    auth_integration_uuid: `ai-${link.id}`,
    linker: pusher(v.user),
    url: `https://github.com/${link.owner}/${link.repo}`,
    owner: link.owner,
    repo: link.repo,
    branch: link.branch,
    scm_type: 'github',
    created_at: link.createdAt,
    updated_at: link.createdAt,
    ...link.settings,
    last_auto_deploy_at: null,
  };
}

function htmlUrl(link: ScmRepoLinkState, pr: PullRequestState): string {
  return `https://github.com/${link.owner}/${link.repo}/pull/${pr.number}`;
}

export function pullView(link: ScmRepoLinkState, pr: PullRequestState) {
  const source = pr.forkOwner ?? link.owner;
  return {
    id: pr.id,
    number: pr.number,
    title: pr.title,
    html_url: htmlUrl(link, pr),
    source_repo_name: `${source}/${link.repo}`,
    source_repo_html_url: `https://github.com/${source}/${link.repo}`,
    opened_from_a_forked_repo: pr.forkOwner !== null,
  };
}

export function reviewAppView(
  v: ViewContext,
  parent: AppState,
  link: ScmRepoLinkState,
  review: ReviewAppState,
  pr: PullRequestState,
  child: AppState | undefined,
) {
  const last = child?.deployments.at(-1);
  const settings = link.settings;
  const commit = `https://github.com/${link.owner}/${link.repo}/commit/${last?.gitRef ?? pr.headSha}`;
  return {
    id: review.id,
    repo_link_id: link.id,
    app_id: child?.id ?? '',
    app_name: review.appName,
    parent_app_id: parent.id,
    parent_app_name: parent.name,
    created_at: review.createdAt,
    stale_deletion_date: settings.delete_stale_enabled
      ? plusHours(last?.createdAt ?? review.createdAt, settings.hours_before_delete_stale)
      : null,
    on_close_deletion_date: pr.closedAt ? plusHours(pr.closedAt, settings.hours_before_delete_on_close) : FAR_FUTURE,
    pull_request: {
      number: pr.number,
      branch_name: pr.branch,
      title: pr.title,
      url: `https://api.github.com/repos/${link.owner}/${link.repo}/pulls/${pr.number}`,
      html_url: htmlUrl(link, pr),
      ref: pr.headSha,
      base_ref: link.branch,
      created_at: pr.createdAt,
      closed_at: pr.closedAt ?? ZERO_TIME,
      source_repo_id: 0,
      source_repo_name: pr.forkOwner ? `${pr.forkOwner}/${link.repo}` : '',
      source_repo_url: pr.forkOwner ? `https://github.com/${pr.forkOwner}/${link.repo}` : '',
      target_repo_id: 0,
    },
    last_deployment: last
      ? {
          id: last.id,
          created_at: last.createdAt,
          status: last.status,
          git_ref: last.gitRef,
          pusher: last.pusher ?? pusher(v.user),
          upstream_deployment_id: '',
          scm_link: commit,
          github_link: commit,
        }
      : null,
  };
}
