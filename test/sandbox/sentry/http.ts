import type { SentryDouble } from '../../../sandbox/sentry/index.ts';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * One real request to the double as sentry-cli sends it: Bearer token, JSON body, paths under /api/0/
 * with a trailing slash. `token: null` sends no Authorization header.
 */
export async function call<T = any>(
  sentry: SentryDouble,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = sentry.orgToken,
): Promise<Answer<T>> {
  const response = await fetch(path.startsWith('http') ? path : `${sentry.apiUrl}${path}`, {
    method,
    headers: {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Sentry's Link header: each rel with its URL, results flag and cursor. */
export function links(headers: Headers): Record<string, { url: string; results: boolean; cursor: string }> {
  const out: Record<string, { url: string; results: boolean; cursor: string }> = {};
  for (const m of (headers.get('link') ?? '').matchAll(
    /<([^>]+)>; rel="(\w+)"; results="(true|false)"; cursor="([^"]+)"/g,
  ))
    out[m[2]!] = { url: m[1]!, results: m[3] === 'true', cursor: m[4]! };
  return out;
}

export const releasesPath = (org = 'acme') => `/organizations/${org}/releases/`;
export const releasePath = (version: string, org = 'acme') =>
  `/organizations/${org}/releases/${encodeURIComponent(version)}/`;
export const deploysPath = (version: string) => `${releasePath(version)}deploys/`;
