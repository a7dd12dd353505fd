import { ConfigurationError } from '../shared/errors.ts';
import { GitHubApiError } from './errors.ts';
import type { GitHubHttp } from './http.ts';
import type { CompareCommit, CompareOptions, Comparison, Repository, Tag } from './types.ts';

interface RestCommit {
  sha: string;
  commit: {
    message: string;
    author?: { name?: string; email?: string } | null;
    committer?: { email?: string; date?: string } | null;
  };
  author?: { login?: string } | null;
  parents?: { sha: string }[];
}

interface RestComparison {
  status: Comparison['status'];
  ahead_by: number;
  behind_by: number;
  total_commits: number;
  commits: RestCommit[];
}

export async function getRepository(http: GitHubHttp, repoPath: string): Promise<Repository> {
  const { data } = await http.request<{ default_branch: string; html_url: string }>('GET', repoPath);
  return { defaultBranch: data.default_branch, htmlUrl: data.html_url };
}

export async function resolveCommit(http: GitHubHttp, repoPath: string, ref: string): Promise<string> {
  if (!ref.trim())
    throw new ConfigurationError(
      `Cannot resolve an empty git ref in ${repoPath.slice(7)}. Give a commit SHA, a branch or a tag.`,
    );
  try {
    const { data } = await http.request<{ sha: string }>('GET', `${repoPath}/commits/${encodeURIComponent(ref)}`);
    return data.sha;
  } catch (error) {
    if (error instanceof GitHubApiError && (error.status === 404 || error.status === 422)) {
      throw new ConfigurationError(
        `The ref '${ref}' does not exist in ${repoPath.slice(7)} (GitHub answered ${error.status}). ` +
          'Check the spelling, push the branch or tag first, or give a full commit SHA.',
      );
    }
    throw error;
  }
}

function toCompareCommit(commit: RestCommit): CompareCommit {
  const result: CompareCommit = {
    sha: commit.sha,
    message: commit.commit.message,
    parents: (commit.parents ?? []).map((p) => p.sha),
  };
  if (commit.author?.login) result.authorLogin = commit.author.login;
  if (commit.commit.author?.name) result.authorName = commit.commit.author.name;
  if (typeof commit.commit.author?.email === 'string') result.authorEmail = commit.commit.author.email;
  if (typeof commit.commit.committer?.email === 'string') result.committerEmail = commit.commit.committer.email;
  if (typeof commit.commit.committer?.date === 'string') result.committedAt = commit.commit.committer.date;
  return result;
}

/**
 * base...head with every commit: the compare API pages its `commits` with `page`/`per_page` (100
 * at most). With `commitsOnlyIfAncestor`, a base that is not an ancestor of head stops at the
 * first page (its status is all an ancestry check needs). With `statusOnly`, no commits at all:
 * one request, however far apart base and head are.
 */
export async function compare(
  http: GitHubHttp,
  repoPath: string,
  base: string,
  head: string,
  options: CompareOptions = {},
): Promise<Comparison> {
  const path = `${repoPath}/compare/${encodeURIComponent(base)}...${encodeURIComponent(head)}`;
  if (options.statusOnly) {
    // per_page only pages `commits`: the counts and status always cover the whole range.
    const { data } = await http.request<RestComparison>('GET', path, { query: { per_page: 1 } });
    const comparison: Comparison = {
      status: data.status,
      aheadBy: data.ahead_by,
      behindBy: data.behind_by,
      commits: [],
    };
    if (data.total_commits > 0) comparison.partial = true;
    return comparison;
  }
  let first: RestComparison | undefined;
  const wanted = (page: RestComparison) =>
    !options.commitsOnlyIfAncestor || page.status === 'ahead' || page.status === 'identical';
  const commits = await http.paginate<RestCommit, RestComparison>(
    path,
    {},
    (page) => {
      first ??= page;
      return page.commits;
    },
    wanted,
  );
  if (!first) throw new GitHubApiError('GET', path, 200, 'empty comparison');
  const comparison: Comparison = {
    status: first.status,
    aheadBy: first.ahead_by,
    behindBy: first.behind_by,
    commits: commits.map(toCompareCommit),
  };
  if (!wanted(first) && commits.length < first.total_commits) comparison.partial = true;
  return comparison;
}

export async function listTags(http: GitHubHttp, repoPath: string): Promise<Tag[]> {
  const tags = await http.paginate<{ name: string; commit: { sha: string } }>(`${repoPath}/tags`);
  return tags.map((t) => ({ name: t.name, sha: t.commit.sha }));
}

/** The signed codeload URL GitHub redirects the tarball endpoint to; the redirect is not followed. */
export async function tarballUrl(http: GitHubHttp, repoPath: string, sha: string): Promise<string> {
  const path = `${repoPath}/tarball/${encodeURIComponent(sha)}`;
  const response = await http.request<unknown>('GET', path, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status < 300 || response.status >= 400 || !location) {
    throw new GitHubApiError('GET', path, response.status, 'expected a redirect to the archive, got none');
  }
  return location;
}
