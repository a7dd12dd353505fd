/**
 * How the double plays what the facts leave open ("unconfirmed" in part A): each choice is an option,
 * defaulting to the most likely answer; change a field of `sentry.settings` to play the other one.
 */
export interface SentrySettings {
  /** The server knows the `org:ci` scope (sentry.io does; older self-hosted servers do not). */
  orgCiScope: boolean;
  /** Self-hosted: the rate-limit middleware is off (no limiting, no X-Sentry-Rate-Limit-* headers). */
  selfHosted: boolean;
  /** Fixed-window limit per caller and endpoint, with a concurrency limit; `false` turns it off. */
  rateLimit: { limit: number; windowSeconds: number; concurrentLimit: number } | false;
  /** Send `Retry-After` with a 429 (the server sets none; a third-party guide says it does). */
  retryAfter: boolean;
  /** How long after an issue appears it counts in a release's `newGroups` (ms; unconfirmed, default 0). */
  newGroupsDelayMs: number;
  /** Whether `is:unresolved` is added to a non-empty `query` that has no `is:` term (default no). */
  defaultQueryAddsUnresolved: boolean;
  /** Refuse (400) an unquoted release version holding `@`, `+` or spaces in an issue query (default accept). */
  requireQuotedVersions: boolean;
  /** Largest issues `limit` honoured (unconfirmed; assumed 100); the default page is 25. */
  issuesMaxLimit: number;
  /** Issues without `statsPeriod`/`start`/`end` are those seen in this period (Sentry's UI default 14d). */
  defaultStatsPeriod: string;
  /** Bodies the facts leave unconfirmed (A7): 401 (missing / bad token) and 403 (missing scope). */
  bodies: { unauthenticated: unknown; badToken: unknown; forbidden: unknown };
}

export const DEFAULT_SETTINGS: SentrySettings = {
  orgCiScope: true,
  selfHosted: false,
  rateLimit: { limit: 40, windowSeconds: 1, concurrentLimit: 25 },
  retryAfter: false,
  newGroupsDelayMs: 0,
  defaultQueryAddsUnresolved: false,
  requireQuotedVersions: false,
  issuesMaxLimit: 100,
  defaultStatsPeriod: '14d',
  bodies: {
    unauthenticated: { detail: 'Authentication credentials were not provided.' },
    badToken: { detail: 'Invalid token' },
    forbidden: { detail: 'You do not have permission to perform this action.' },
  },
};

export function resolveSettings(
  options: Partial<Omit<SentrySettings, 'bodies'>> & { bodies?: Partial<SentrySettings['bodies']> },
): SentrySettings {
  // Only the settings' own keys: the double's other options (owner, tokens, …) are not settings.
  const defined = Object.fromEntries(
    Object.entries(options).filter(([k, v]) => k in DEFAULT_SETTINGS && v !== undefined),
  );
  return { ...DEFAULT_SETTINGS, ...defined, bodies: { ...DEFAULT_SETTINGS.bodies, ...options.bodies } };
}
