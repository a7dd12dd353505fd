import type { Logger } from '../shared/logger.ts';
import * as commits from './commits.ts';
import * as comments from './comments.ts';
import * as deployments from './deployments.ts';
import * as milestones from './milestones.ts';
import { GitHubHttp } from './http.ts';
import { listMergedPullRequests } from './merged-pulls.ts';
import * as pulls from './pulls.ts';
import * as releases from './releases.ts';
import type {
  CompareOptions,
  Comparison,
  DeploymentStatusSummary,
  DeploymentSummary,
  IssueComment,
  MergedPullRequests,
  Milestone,
  NewDeployment,
  NewDeploymentStatus,
  NewRelease,
  PullRequest,
  PullRequestAnswer,
  PullRequestQuery,
  PullRequestState,
  Release,
  ReleasePatch,
  Repository,
  RetryOptions,
  Tag,
} from './types.ts';

export interface GitHubClientOptions {
  token: string;
  /** REST root, from GITHUB_API_URL (https://api.github.com on github.com). */
  apiUrl: string;
  /** GraphQL endpoint, from GITHUB_GRAPHQL_URL (https://api.github.com/graphql on github.com). */
  graphqlUrl: string;
  owner: string;
  repo: string;
  logger: Logger;
  retry?: RetryOptions;
  /** One request attempt's limit in ms (default 30 000); a timed-out GET is retried. */
  timeoutMs?: number;
  /** The longest rate-limit wait accepted (default 10 minutes); a longer one fails, saying when it resets. */
  maxWaitMs?: number;
}

/**
 * The one repository this run works on, through GitHub's REST and GraphQL APIs (octokit from
 * @actions/github with the retry and throttling plugins, see octokit.ts).
 * Errors are GitHubApiError (status + GitHub's message), GitHubPermissionError for 403,
 * GitHubRateLimitError for a wait too long to take, ConfigurationError for a ref that does not exist.
 */
export class GitHubClient {
  readonly owner: string;
  readonly repo: string;
  #http: GitHubHttp;
  #repoPath: string;
  #logger: Logger;

  constructor(options: GitHubClientOptions) {
    this.owner = options.owner;
    this.repo = options.repo;
    this.#logger = options.logger;
    this.#http = new GitHubHttp(options);
    this.#repoPath = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}`;
  }

  /** Every HTTP request sent so far, retries included (the release-notes bench reports it). */
  get requestCount(): number {
    return this.#http.requestCount;
  }

  repository(): Promise<Repository> {
    return commits.getRepository(this.#http, this.#repoPath);
  }

  /** Full SHA of a SHA, branch or tag; a ref GitHub does not know is a ConfigurationError. */
  resolveCommit(ref: string): Promise<string> {
    return commits.resolveCommit(this.#http, this.#repoPath, ref);
  }

  /** base...head with all its commits (oldest first), every page fetched (see CompareOptions for less). */
  compare(base: string, head: string, options?: CompareOptions): Promise<Comparison> {
    return commits.compare(this.#http, this.#repoPath, base, head, options);
  }

  tags(): Promise<Tag[]> {
    return commits.listTags(this.#http, this.#repoPath);
  }

  /** The signed archive URL of one commit, masked before it is returned. */
  async tarballUrl(sha: string): Promise<string> {
    const url = await commits.tarballUrl(this.#http, this.#repoPath, sha);
    this.#logger.mask(url);
    return url;
  }

  /** Creates a GitHub Deployment (no required contexts, no auto-merge); returns its id. 403 -> GitHubPermissionError. */
  createDeployment(deployment: NewDeployment): Promise<number> {
    return deployments.createDeployment(this.#http, this.#repoPath, deployment);
  }

  createDeploymentStatus(id: number, status: NewDeploymentStatus): Promise<void> {
    return deployments.createDeploymentStatus(this.#http, this.#repoPath, id, status);
  }

  /** Deployments of an environment at one commit, newest first. */
  listDeployments(filter: { environment: string; sha?: string }): Promise<DeploymentSummary[]> {
    return deployments.listDeployments(this.#http, this.#repoPath, filter);
  }

  /** Every comment of an issue or pull request, oldest first. */
  comments(issue: number): Promise<IssueComment[]> {
    return comments.listComments(this.#http, this.#repoPath, issue);
  }

  /** Sent once: a create is never repeated blindly. */
  createComment(issue: number, body: string): Promise<IssueComment> {
    return comments.createComment(this.#http, this.#repoPath, issue, body);
  }

  updateComment(id: number, body: string): Promise<IssueComment> {
    return comments.updateComment(this.#http, this.#repoPath, id, body);
  }

  deleteComment(id: number): Promise<void> {
    return comments.deleteComment(this.#http, this.#repoPath, id);
  }

  /** A pull request's state, as REST gives it (open or closed, merged or not). */
  pullRequestState(number: number): Promise<PullRequestState> {
    return pulls.pullRequestState(this.#http, this.#repoPath, number);
  }

  /** Every milestone, open and closed. */
  milestones(): Promise<Milestone[]> {
    return milestones.listMilestones(this.#http, this.#repoPath);
  }

  createMilestone(title: string): Promise<Milestone> {
    return milestones.createMilestone(this.#http, this.#repoPath, title);
  }

  closeMilestone(number: number): Promise<Milestone> {
    return milestones.closeMilestone(this.#http, this.#repoPath, number);
  }

  setMilestone(issue: number, milestone: number): Promise<void> {
    return milestones.setMilestone(this.#http, this.#repoPath, issue, milestone);
  }

  /** Numbers of the issues and pull requests a milestone holds, open and closed. */
  milestoneIssues(milestone: number): Promise<number[]> {
    return milestones.listMilestoneIssues(this.#http, this.#repoPath, milestone);
  }

  /** Withdraws a deployment that never deployed anything: inactive, then deleted. */
  deleteDeployment(id: number): Promise<void> {
    return deployments.deleteDeployment(this.#http, this.#repoPath, id);
  }

  latestDeploymentStatus(id: number): Promise<DeploymentStatusSummary | undefined> {
    return deployments.latestDeploymentStatus(this.#http, this.#repoPath, id);
  }

  /** All releases, drafts included. */
  releases(): Promise<Release[]> {
    return releases.listReleases(this.#http, this.#repoPath);
  }

  /** The release (draft or not) for a tag, or undefined. */
  findRelease(tag: string): Promise<Release | undefined> {
    return releases.findRelease(this.#http, this.#repoPath, tag);
  }

  createRelease(release: NewRelease): Promise<Release> {
    return releases.createRelease(this.#http, this.#repoPath, release);
  }

  updateRelease(id: number, patch: ReleasePatch): Promise<Release> {
    return releases.updateRelease(this.#http, this.#repoPath, id, patch);
  }

  /** GraphQL, ceil(n/100) queries; numbers that are not pull requests are left out. */
  pullRequestsByNumber(numbers: number[]): Promise<PullRequest[]> {
    return pulls.pullRequestsByNumber(this.#http, this.owner, this.repo, numbers);
  }

  /** Any other GraphQL query (e.g. a search), counted in requestCount; `errors` become a GitHubApiError. */
  graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.#http.graphql<T>(query, variables);
  }

  /** Both lookups in the same GraphQL queries: ceil((numbers + shas) / 100) of them. */
  lookUpPullRequests(query: PullRequestQuery): Promise<PullRequestAnswer> {
    return pulls.lookUpPullRequests(this.#http, this.owner, this.repo, query);
  }

  /**
   * The merged pull requests updated since `since` (ISO date), with their commits, 100 a page, at
   * most `maxPages` pages: ceil(pull requests / 100) queries, one more when older ones exist.
   */
  mergedPullRequests(options: { since?: string; maxPages: number }): Promise<MergedPullRequests> {
    return listMergedPullRequests(this.#http, this.owner, this.repo, options);
  }

  /** GraphQL, ceil(n/100) queries: full SHA -> the pull requests GitHub associates with that commit. */
  pullRequestsForCommits(shas: string[]): Promise<Map<string, PullRequest[]>> {
    return pulls.pullRequestsForCommits(this.#http, this.owner, this.repo, shas);
  }
}
