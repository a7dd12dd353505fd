// Sentry's answers as this project reads them (facts A6), checked at the client's edge: anything that is
// not a release, a deploy or an issue is the service failing, never a crash further in.
import { SentryApiError } from './errors.ts';

export interface SentryProject {
  id: string;
  slug: string;
}

export interface SentryRelease {
  version: string;
  projects: SentryProject[];
  commitCount: number;
  deployCount: number;
  dateReleased: string | null;
}

export interface NewSentryRelease {
  version: string;
  projects: string[];
  url?: string;
  dateStarted?: string;
}

/** `commit` may be `previous..head`; `previousCommit` is needed the first time (facts A3). */
export interface SentryRef {
  repository: string;
  commit: string;
  previousCommit?: string;
}

export interface NewSentryDeploy {
  environment: string;
  name?: string;
  url?: string;
  dateStarted: string;
  dateFinished: string;
}

export interface SentryDeploy {
  id: string;
  environment: string;
  dateStarted: string | null;
  dateFinished: string | null;
}

export interface SentryIssue {
  id: string;
  shortId: string;
  title: string;
  level: string;
  count: number;
  userCount: number;
  firstSeen: string;
  permalink: string;
}

export interface NewIssues {
  /** Issues first seen in the release, still unresolved (all of them, or at least this many when `exact` is false). */
  count: number;
  exact: boolean;
  /** The most frequent ones, up to the limit asked. */
  top: SentryIssue[];
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

export function asRelease(method: string, path: string, status: number, data: unknown): SentryRelease {
  if (!isObject(data) || typeof data.version !== 'string')
    throw new SentryApiError(method, path, status, 'the answer is not a release (no version)');
  const projects = Array.isArray(data.projects) ? data.projects.filter(isObject) : [];
  return {
    version: data.version,
    projects: projects.flatMap((p) =>
      str(p.id) && typeof p.slug === 'string' ? [{ id: str(p.id)!, slug: p.slug }] : [],
    ),
    commitCount: Number(data.commitCount) || 0,
    deployCount: Number(data.deployCount) || 0,
    dateReleased: typeof data.dateReleased === 'string' ? data.dateReleased : null,
  };
}

export function asDeploy(data: unknown): SentryDeploy | undefined {
  if (!isObject(data) || str(data.id) === null || typeof data.environment !== 'string') return undefined;
  return {
    id: str(data.id)!,
    environment: data.environment,
    dateStarted: str(data.dateStarted),
    dateFinished: str(data.dateFinished),
  };
}

export function asIssue(data: unknown): SentryIssue | undefined {
  if (!isObject(data) || str(data.id) === null) return undefined;
  return {
    id: str(data.id)!,
    shortId: str(data.shortId) ?? str(data.id)!,
    title: str(data.title) ?? '(no title)',
    level: str(data.level) ?? 'error',
    // Sentry sends `count` as a string (facts A6).
    count: Number(data.count) || 0,
    userCount: Number(data.userCount) || 0,
    firstSeen: str(data.firstSeen) ?? '',
    permalink: str(data.permalink) ?? '',
  };
}
