import { randomBytes } from 'node:crypto';
import type { Permission } from './kit.ts';
import type { SentrySettings } from './settings.ts';

export interface SentryTokenSpec {
  /** `org`: `sntrys_<base64 JSON {iat,url,region_url,org}>_<secret>`; `user`: `sntryu_<hex>`; `legacy`: 64 hex. */
  kind?: 'org' | 'user' | 'legacy';
  /** Default: `org:ci` for an org token (the only scope it can hold), `event:read project:releases org:read` else. */
  scopes?: string[];
  /** Project slugs the token may act on (default every project of the organization). */
  projects?: string[];
  /** The token string (default made up in the kind's format). */
  token?: string;
}

export interface SentryToken {
  token: string;
  kind: 'org' | 'user' | 'legacy';
  scopes: string[];
  projects?: string[];
}

/** The scopes that satisfy each permission class (server `api/bases/organization.py`, facts A1). */
const NEEDS: Record<Permission, string[]> = {
  'release-read': ['project:read', 'project:write', 'project:admin', 'project:releases', 'org:ci'],
  'release-write': ['project:write', 'project:admin', 'project:releases', 'org:ci'],
  'event-read': ['event:read', 'event:write', 'event:admin'],
  // The repos list sentry-cli reads before set-commits: org read scopes, and org:ci (an assumption).
  'org-read': ['org:read', 'org:write', 'org:admin', 'org:integrations', 'org:ci'],
};

export function makeToken(spec: SentryTokenSpec, core: { url: string; org: string; now(): number }): SentryToken {
  const kind = spec.kind ?? 'user';
  const secret = randomBytes(32).toString('hex');
  const payload = { iat: Math.floor(core.now() / 1000), url: core.url, region_url: core.url, org: core.org };
  const token =
    spec.token ??
    (kind === 'org'
      ? `sntrys_${Buffer.from(JSON.stringify(payload)).toString('base64')}_${secret.slice(0, 43)}`
      : kind === 'user'
        ? `sntryu_${secret}`
        : secret);
  const scopes = spec.scopes ?? (kind === 'org' ? ['org:ci'] : ['event:read', 'project:releases', 'org:read']);
  return { token, kind, scopes, ...(spec.projects ? { projects: spec.projects } : {}) };
}

export function hasPermission(token: SentryToken, permission: Permission, settings: SentrySettings): boolean {
  // Older servers do not know org:ci: such a token then holds no scope they honour.
  const scopes = settings.orgCiScope ? token.scopes : token.scopes.filter((s) => s !== 'org:ci');
  return NEEDS[permission].some((s) => scopes.includes(s));
}

export function canAccessProject(token: SentryToken, slug: string): boolean {
  return !token.projects || token.projects.includes(slug);
}
