import type { GitHubHttp } from './http.ts';
import type { NewRelease, Release, ReleasePatch } from './types.ts';

interface RestRelease {
  id: number;
  tag_name: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  html_url: string;
}

function toRelease(r: RestRelease): Release {
  return {
    id: r.id,
    tagName: r.tag_name,
    name: r.name ?? '',
    body: r.body ?? '',
    draft: r.draft,
    prerelease: r.prerelease,
    htmlUrl: r.html_url,
  };
}

function restPatch(patch: ReleasePatch): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (patch.tag !== undefined) body.tag_name = patch.tag;
  if (patch.name !== undefined) body.name = patch.name;
  if (patch.body !== undefined) body.body = patch.body;
  if (patch.draft !== undefined) body.draft = patch.draft;
  if (patch.prerelease !== undefined) body.prerelease = patch.prerelease;
  if (patch.targetCommitish !== undefined) body.target_commitish = patch.targetCommitish;
  return body;
}

export async function listReleases(http: GitHubHttp, repoPath: string): Promise<Release[]> {
  return (await http.paginate<RestRelease>(`${repoPath}/releases`)).map(toRelease);
}

/** Searches the list: GET /releases/tags/{tag} never returns drafts, and drafts are what we look for. */
export async function findRelease(http: GitHubHttp, repoPath: string, tag: string): Promise<Release | undefined> {
  return (await listReleases(http, repoPath)).find((r) => r.tagName === tag);
}

export async function createRelease(http: GitHubHttp, repoPath: string, release: NewRelease): Promise<Release> {
  const { data } = await http.request<RestRelease>('POST', `${repoPath}/releases`, {
    body: restPatch({ ...release }),
  });
  return toRelease(data);
}

/** PATCH sets the same fields to the same values when repeated, so it is retried. */
export async function updateRelease(
  http: GitHubHttp,
  repoPath: string,
  id: number,
  patch: ReleasePatch,
): Promise<Release> {
  const { data } = await http.request<RestRelease>('PATCH', `${repoPath}/releases/${id}`, {
    body: restPatch(patch),
    idempotent: true,
  });
  return toRelease(data);
}
