// Issue and pull-request comments (facts B3): the one comment an action keeps up to date on a pull
// request is found by a hidden marker in its body, among the comments its own token wrote.
import type { GitHubHttp } from './http.ts';
import type { IssueComment } from './types.ts';

interface RestComment {
  id: number;
  body?: string | null;
  html_url: string;
  user?: { login?: string; type?: string } | null;
  updated_at: string;
}

function toComment(c: RestComment): IssueComment {
  return {
    id: c.id,
    body: c.body ?? '',
    htmlUrl: c.html_url,
    author: c.user?.login ?? 'ghost',
    updatedAt: c.updated_at,
  };
}

/** Every comment of an issue or pull request, oldest first (all pages). */
export async function listComments(http: GitHubHttp, repoPath: string, issue: number): Promise<IssueComment[]> {
  return (await http.paginate<RestComment>(`${repoPath}/issues/${issue}/comments`)).map(toComment);
}

/** Creates a comment: sent once (a repeat would post it twice). */
export async function createComment(
  http: GitHubHttp,
  repoPath: string,
  issue: number,
  body: string,
): Promise<IssueComment> {
  const { data } = await http.request<RestComment>('POST', `${repoPath}/issues/${issue}/comments`, { body: { body } });
  return toComment(data);
}

/** Replaces a comment's body: the same PATCH twice gives the same comment, so it is retried. */
export async function updateComment(
  http: GitHubHttp,
  repoPath: string,
  id: number,
  body: string,
): Promise<IssueComment> {
  const { data } = await http.request<RestComment>('PATCH', `${repoPath}/issues/comments/${id}`, {
    body: { body },
    idempotent: true,
  });
  return toComment(data);
}

/** Deletes a comment (a duplicate a concurrent run wrote); gone already is fine. */
export async function deleteComment(http: GitHubHttp, repoPath: string, id: number): Promise<void> {
  await http.request('DELETE', `${repoPath}/issues/comments/${id}`, { idempotent: true }).catch((error: unknown) => {
    if ((error as { status?: number }).status !== 404) throw error;
  });
}
