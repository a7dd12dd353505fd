import type { GitHubClient } from '../github/client.ts';
import type { Comparison } from '../github/types.ts';
import { firstParentChain } from './commit.ts';
import type { Commit } from './commit.ts';
import type { LocalGit } from './local-git.ts';

export type CompareApi = Pick<GitHubClient, 'compare'>;

/**
 * The comparison's commits, newest first, reduced to the first-parent chain from head like
 * `git log --first-parent`: a merged pull request's side commits stay out (its merge commit
 * stands for them), so they cost no pull-request lookup. Without parents (a root commit only)
 * every commit is kept.
 */
export function commitsFromComparison(comparison: Comparison, head: string): Commit[] {
  const commits = comparison.commits
    .map((c) => {
      const [subject = '', ...rest] = c.message.split('\n');
      const commit: Commit = {
        sha: c.sha,
        parents: c.parents,
        subject,
        body: rest.join('\n').trim(),
        authorName: c.authorName ?? '',
      };
      if (c.authorLogin) commit.authorLogin = c.authorLogin;
      if (c.authorEmail !== undefined) commit.authorEmail = c.authorEmail;
      if (c.committerEmail !== undefined) commit.committerEmail = c.committerEmail;
      if (c.committedAt !== undefined) commit.committedAt = c.committedAt;
      return commit;
    })
    .reverse();
  return commits.some((c) => c.parents.length > 0) ? firstParentChain(commits, head) : commits;
}

/**
 * Whether `ancestor` is in the history of `of`: one local process, or the compare API (every page
 * for an ancestor, whose comparison is then the release's; one page for a tag off the branch).
 */
export async function isAncestor(
  source: { git?: LocalGit; github: CompareApi },
  ancestor: string,
  of: string,
): Promise<{ ancestor: boolean; comparison?: Comparison }> {
  if (source.git) return { ancestor: await source.git.isAncestor(ancestor, of) };
  const comparison = await source.github.compare(ancestor, of, { commitsOnlyIfAncestor: true });
  return { ancestor: comparison.status === 'ahead' || comparison.status === 'identical', comparison };
}

/**
 * The commits of base..head, newest first: from the checkout when it has the history (one
 * `git log`, no API call), else from the compare API (every page; a comparison already fetched
 * for the ancestry check is reused).
 */
export async function commitsInRange(
  source: { git?: LocalGit; github: CompareApi },
  base: string | undefined,
  head: string,
  known?: Comparison,
): Promise<Commit[]> {
  if (source.git) return source.git.log(base, head);
  if (base === undefined) {
    throw new Error('commitsInRange: the compare API needs a base; callers only get here with local history');
  }
  return commitsFromComparison(known && !known.partial ? known : await source.github.compare(base, head), head);
}
