/** The double's records. API answers are built from these by the serializers in releases.ts / issues.ts. */
export interface ProjectRecord {
  id: number;
  slug: string;
  name: string;
  platform: string | null;
}

export interface RepositoryRecord {
  id: number;
  /** As linked in Sentry, e.g. `acme/shop`. */
  name: string;
  /** A git directory to read commits from (e.g. the GitHub double's `git.dir`); without it refs are only recorded. */
  gitDir?: string;
  dateCreated: string;
}

export interface CommitRecord {
  id: string;
  repository: string | null;
  message: string | null;
  authorName: string | null;
  authorEmail: string | null;
  timestamp: string | null;
}

export interface RefRecord {
  repository: string;
  commit: string;
  previousCommit: string | null;
}

export interface DeployRecord {
  id: string;
  version: string;
  environment: string;
  name: string | null;
  url: string | null;
  dateStarted: string | null;
  dateFinished: string;
  projects: string[];
}

export interface ReleaseRecord {
  id: number;
  version: string;
  ref: string | null;
  url: string | null;
  status: string;
  dateCreated: string;
  dateStarted: string | null;
  /** null = unreleased: the server does not default it to now (facts A2); finalize sets it. */
  dateReleased: string | null;
  /** Project slugs, in the order they were added. */
  projects: string[];
  commits: CommitRecord[];
  refs: RefRecord[];
  deployCount: number;
  lastDeploy: DeployRecord | null;
  /** The "release" activity, recorded once, on the first transition to released (facts A4). */
  activities: { type: 'release'; date: string }[];
  /** Made by an event carrying this release (addIssue), not by the API. */
  fromEvent?: boolean;
}

export interface IssueRecord {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  status: 'unresolved' | 'resolved' | 'ignored';
  firstSeen: string;
  lastSeen: string;
  count: number;
  userCount: number;
  /** Project slug. */
  project: string;
  firstRelease: string | null;
  lastRelease: string | null;
  /** Environments it was seen in. */
  environments: string[];
  tags: Record<string, string>;
  /** When the double got it (ms, its clock): newGroups counts it after settings.newGroupsDelayMs. */
  addedAt: number;
}

export interface SentryState {
  projects: ProjectRecord[];
  repositories: RepositoryRecord[];
  releases: ReleaseRecord[];
  deploys: DeployRecord[];
  issues: IssueRecord[];
  /** Environment names, created on first use (a deploy or an issue). */
  environments: string[];
  nextId(): number;
}
