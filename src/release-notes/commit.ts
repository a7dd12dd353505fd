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
  /** The committer date (ISO 8601): a pull request merged in the range was merged after it. */
  committedAt?: string;
}

// GitHub commits as "GitHub <noreply@github.com>" when it merges, squashes or rebases a pull request.
const GITHUB_COMMITTER = 'noreply@github.com';

/** GitHub committed it (a rebase merge's replayed commit, a web edit); unknown counts as maybe. */
export function committedByGitHub(commit: Commit): boolean {
  return commit.committerEmail === undefined || commit.committerEmail.toLowerCase() === GITHUB_COMMITTER;
}

/**
 * Whether a commit that the listed pull requests of the range did not settle may still belong to
 * one, and is worth a lookup of its own: GitHub made it (a rebase merge), someone other than its
 * author applied it (a pull request merged or rebased locally), or it is a merge. A commit its
 * author made and pushed is not looked up on its own: when it came with a pull request (pushed by
 * hand, rebased or not), the listing found it among that pull request's commits.
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
