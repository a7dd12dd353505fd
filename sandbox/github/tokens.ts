import { randomBytes } from 'node:crypto';

/** Who a token acts as, and what the repository lets it do. */
export interface TokenSpec {
  /** The token string; default a random `ghs_…` (Bot) or `ghp_…` (User). */
  token?: string;
  login: string;
  id?: number;
  type?: 'User' | 'Bot';
  /**
   * Push (write) access to the repository (default true). Without it GitHub silently drops milestone
   * and label changes on `PATCH …/issues/{n}` instead of refusing them (facts B2).
   */
  push?: boolean;
  /** Repository administration (default false): environments can be created and deleted. */
  admin?: boolean;
  /**
   * Every REST write answers 403 "Resource not accessible by integration" (default false): the
   * read-only GITHUB_TOKEN of a fork pull request or a Dependabot run (facts B6).
   */
  readOnly?: boolean;
  /** `author_association` on the comments it writes (default NONE for a bot, MEMBER for a user). */
  association?: string;
}

export type TokenIdentity = Required<TokenSpec>;

/** The GITHUB_TOKEN of a workflow run: the app's bot account (its real user id). */
export const ACTIONS_BOT: TokenSpec = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

// Real ids of the accounts tests meet most, so payloads look like GitHub's; others get a stable made-up id.
const KNOWN_IDS: Record<string, number> = {
  'github-actions[bot]': 41898282,
  'dependabot[bot]': 49699333,
  octocat: 583231,
};

/** The same login always gets the same id, wherever the double shows the account. */
export function accountId(login: string): number {
  let hash = 0;
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) % 9_000_000;
  return KNOWN_IDS[login] ?? 10_000_000 + hash;
}

export function identityFor(spec: TokenSpec): TokenIdentity {
  const type = spec.type ?? (spec.login.endsWith('[bot]') ? 'Bot' : 'User');
  return {
    token: spec.token ?? `${type === 'Bot' ? 'ghs' : 'ghp'}_${randomBytes(18).toString('base64url')}`,
    login: spec.login,
    id: spec.id ?? accountId(spec.login),
    type,
    push: spec.push ?? true,
    admin: spec.admin ?? false,
    readOnly: spec.readOnly ?? false,
    association: spec.association ?? (type === 'Bot' ? 'NONE' : 'MEMBER'),
  };
}

/** A user object as REST answers embed it (`user`, `creator`, `sender`). */
export function userView(identity: Pick<TokenIdentity, 'login' | 'id' | 'type'>, url: string): Record<string, unknown> {
  return {
    login: identity.login,
    id: identity.id,
    node_id: Buffer.from(`${identity.type}:${identity.id}`).toString('base64'),
    type: identity.type,
    site_admin: false,
    url: `${url}/users/${encodeURIComponent(identity.login)}`,
    html_url: `${url}/${identity.type === 'Bot' ? 'apps/' + identity.login.replace(/\[bot\]$/, '') : identity.login}`,
  };
}
