/** One commit of the release range, whether read from local git or from the compare API. */
export interface Commit {
  sha: string;
  parents: string[];
  subject: string;
  body: string;
  authorName: string;
  /** Known when the commit came from the GitHub API and its author has an account. */
  authorLogin?: string;
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
