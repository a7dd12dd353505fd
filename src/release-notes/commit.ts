/** One commit of the release range, whether read from local git or from the compare API. */
export interface Commit {
  sha: string;
  parents: string[];
  subject: string;
  body: string;
  authorName: string;
  /** Known when the commit came from the GitHub API and its author has an account. */
  authorLogin?: string;
  authorEmail?: string;
  committerEmail?: string;
}

// GitHub commits as "GitHub <noreply@github.com>" when it merges, squashes or rebases a pull request.
const GITHUB_COMMITTER = 'noreply@github.com';

/**
 * Whether a commit whose subject names no pull request may still belong to one: GitHub made it
 * (a rebase merge), someone other than its author applied it (a pull request merged or rebased
 * locally), or it is a merge. A commit its author made and pushed is taken as a direct push,
 * which keeps a history of thousands of direct commits from costing an API call per hundred.
 * Without the emails (an API that does not give them) every such commit is looked up.
 */
export function mayBelongToPullRequest(commit: Commit): boolean {
  if (commit.committerEmail === undefined || commit.authorEmail === undefined) return true;
  const committer = commit.committerEmail.toLowerCase();
  return commit.parents.length > 1 || committer === GITHUB_COMMITTER || committer !== commit.authorEmail.toLowerCase();
}

/**
 * The commits that landed on the target's branch, newest first: the first-parent chain from head.
 * The side commits of a merged pull request stay out; its merge commit stands for them.
 */
export function firstParentChain(commits: readonly Commit[], head: string): Commit[] {
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  const chain: Commit[] = [];
  for (let at = bySha.get(head); at; at = at.parents[0] === undefined ? undefined : bySha.get(at.parents[0])) {
    chain.push(at);
    bySha.delete(at.sha);
  }
  return chain;
}
