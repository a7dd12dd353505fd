/**
 * How the double plays what the facts leave open (docs/api-facts "unconfirmed"): each choice is an
 * option, defaulting to the most likely answer, so a test can play the other one too.
 */
export interface DoubleSettings {
  /** Longest issue/PR comment body, in characters (GitHub: 65,536, unconfirmed); longer is a 422. */
  maxCommentLength: number;
  /** The content-creation secondary rate limit (facts B7). */
  contentLimits: ContentLimits;
  /**
   * What `POST …/milestones` does with a title already used: `refuse` (422 already_exists, default),
   * `refuse-ignoring-case` (the same, comparing case-insensitively) or `allow` (a second milestone).
   */
  duplicateMilestoneTitles: 'refuse' | 'refuse-ignoring-case' | 'allow';
  /** `GET …/milestones` without sort/direction (GitHub's defaults are unconfirmed; due_on/asc assumed). */
  milestoneSort: 'due_on' | 'completeness';
  milestoneDirection: 'asc' | 'desc';
  /**
   * Whether a `success` status with `auto_inactive` also marks earlier **production** deployments of the
   * environment inactive. GitHub's reference says only "non-transient, non-production" ones (false); its
   * 2018 changelog announced auto-inactivating production deployments, and earlier tests of this project
   * rely on it, so the default is true. Transient deployments are never touched either way.
   */
  autoInactiveProduction: boolean;
  /** Whether creating a deployment creates its environment (unconfirmed; default true). */
  deploymentsCreateEnvironments: boolean;
  /**
   * `auto_merge` when a deployment request leaves it out (GitHub: true, unconfirmed). With it, a branch
   * behind the default branch gets the default branch merged in and a 202 instead of a deployment.
   */
  autoMergeDefault: boolean;
}

export interface ContentLimits {
  /** Content-creating requests accepted in any rolling 60 s (GitHub: 80). */
  perMinute: number;
  /** ... and in any rolling hour (GitHub: 500). */
  perHour: number;
  /** Send `retry-after: <seconds>` with the refusal (GitHub may or may not: default none). */
  retryAfter?: number;
  /** GitHub answers secondary limits with 403 or 429 (default 403). */
  status: 403 | 429;
}

export const DEFAULT_SETTINGS: DoubleSettings = {
  maxCommentLength: 65_536,
  contentLimits: { perMinute: 80, perHour: 500, status: 403 },
  duplicateMilestoneTitles: 'refuse',
  milestoneSort: 'due_on',
  milestoneDirection: 'asc',
  autoInactiveProduction: true,
  deploymentsCreateEnvironments: true,
  autoMergeDefault: true,
};

export type SettingsOptions = Partial<Omit<DoubleSettings, 'contentLimits'>> & {
  contentLimits?: Partial<ContentLimits>;
};

export function resolveSettings(options: SettingsOptions): DoubleSettings {
  // Only the settings' own keys: the double's other options (owner, tokens, …) are not settings.
  const defined = Object.fromEntries(
    Object.entries(options).filter(([k, v]) => k in DEFAULT_SETTINGS && v !== undefined),
  );
  return {
    ...DEFAULT_SETTINGS,
    ...defined,
    contentLimits: { ...DEFAULT_SETTINGS.contentLimits, ...options.contentLimits },
  };
}
