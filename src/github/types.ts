/** The shapes GitHubClient returns: GitHub's data in this project's camelCase vocabulary. */

export interface RetryOptions {
  /** Extra attempts after the first one (default 4). */
  retries?: number;
  /** First backoff delay in ms (default 500); doubles each attempt, with jitter. */
  baseDelayMs?: number;
  /** Cap for one backoff delay, including a server's retry-after (default 30 000). */
  maxDelayMs?: number;
}

export interface Repository {
  defaultBranch: string;
  htmlUrl: string;
}

export interface CompareCommit {
  sha: string;
  message: string;
  /** Parent SHAs, first parent first: the release notes follow the first-parent chain. */
  parents: string[];
  authorLogin?: string;
  authorName?: string;
  /** The git author's and committer's emails (GitHub's own merges are committed by noreply@github.com). */
  authorEmail?: string;
  committerEmail?: string;
  /** The committer date, ISO 8601. */
  committedAt?: string;
}

export interface Comparison {
  status: 'ahead' | 'behind' | 'identical' | 'diverged';
  aheadBy: number;
  behindBy: number;
  /** Every commit in base...head, oldest first (the first page's only when `partial`). */
  commits: CompareCommit[];
  /** Set when `commitsOnlyIfAncestor` or `statusOnly` left commits out. */
  partial?: true;
}

export interface CompareOptions {
  /** Read every page only when base is an ancestor of head (status ahead or identical): a tag off the branch costs one call. */
  commitsOnlyIfAncestor?: boolean;
  /** Only status, aheadBy and behindBy: one request asking for one commit, whatever the distance; `commits` is empty. */
  statusOnly?: boolean;
}

export interface Tag {
  name: string;
  sha: string;
}

export interface NewDeployment {
  sha: string;
  environment: string;
  description: string;
  productionEnvironment: boolean;
  /** An environment that goes away (a review app per pull request): GitHub shows it destroyed once inactive. */
  transientEnvironment?: boolean;
  payload?: Record<string, unknown>;
}

export interface IssueComment {
  id: number;
  body: string;
  htmlUrl: string;
  /** Login of who wrote it (github-actions[bot] for the GITHUB_TOKEN). */
  author: string;
  updatedAt: string;
}

export interface Milestone {
  number: number;
  title: string;
  state: 'open' | 'closed';
  htmlUrl: string;
}

export type DeploymentState = 'in_progress' | 'queued' | 'pending' | 'success' | 'failure' | 'error' | 'inactive';

export interface DeploymentSummary {
  id: number;
  sha: string;
  environment: string;
  createdAt: string;
}

export interface DeploymentStatusSummary {
  state: DeploymentState;
  /** The run that set it (log_url), '' when none was given. */
  logUrl: string;
  createdAt: string;
}

export interface NewDeploymentStatus {
  state: DeploymentState;
  logUrl?: string;
  environmentUrl?: string;
  description?: string;
}

export interface Release {
  id: number;
  tagName: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  htmlUrl: string;
}

export interface NewRelease {
  tag: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  targetCommitish?: string;
}

export interface ReleasePatch {
  tag?: string;
  name?: string;
  body?: string;
  draft?: boolean;
  prerelease?: boolean;
  targetCommitish?: string;
}

export interface PullRequest {
  number: number;
  title: string;
  body: string;
  url: string;
  /** ISO date, null when the pull request is not merged. */
  mergedAt: string | null;
  mergeCommitSha: string | null;
  author: { login: string; isBot: boolean };
  labels: string[];
  baseRefName: string;
}

export interface PullRequestState {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  headSha: string;
  headRef: string;
  title: string;
  htmlUrl: string;
  fromFork: boolean;
  author: string;
  byBot: boolean;
}

export interface PullRequestQuery {
  /** Pull request numbers (e.g. read from commit subjects). */
  numbers?: number[];
  /** Full commit SHAs whose associated pull requests are wanted. */
  shas?: string[];
}

export interface PullRequestAnswer {
  /** The pull requests GitHub knows among the numbers asked; the others are left out. */
  byNumber: Map<number, PullRequest>;
  /** Every SHA asked -> its associated pull requests (merge, squash and rebase merges alike). */
  byCommit: Map<string, PullRequest[]>;
}

/** A merged pull request as the listing gives it: its commits too, to match those pushed by hand. */
export interface ListedPullRequest extends PullRequest {
  /** GitHub's last activity on it: at or after its merge. */
  updatedAt: string;
  /** Its commits (the first 100), oldest first: the branch's own, or the rebased ones after a force-push. */
  commits: { sha: string; subject: string }[];
  /** How many it has; more than `commits` holds for a pull request of over 100 commits. */
  commitCount: number;
}

export interface MergedPullRequests {
  /** Most recently updated first. */
  pulls: ListedPullRequest[];
  /** Every merged pull request updated since `since` is in `pulls` (false: the page budget ran out first). */
  complete: boolean;
}
