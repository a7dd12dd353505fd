import type { GitHubDouble } from '../../../sandbox/github/index.ts';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** One real HTTP request to the double, as a client would send it (token of the double unless given). */
export async function api<T = any>(
  gh: GitHubDouble,
  method: string,
  path: string,
  body?: unknown,
  token = gh.token,
): Promise<Answer<T>> {
  const response = await fetch(path.startsWith('http') ? path : `${gh.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** The URL of a `rel` in a Link header, as clients follow it. */
export function linkTo(headers: Headers, rel: string): string | undefined {
  const links = [...(headers.get('link') ?? '').matchAll(/<([^>]+)>; rel="([^"]+)"/g)];
  return links.find((m) => m[2] === rel)?.[1];
}
