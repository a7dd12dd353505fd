import { readCommits } from './commits.ts';
import { iso, type SentryCore } from './kit.ts';
import type { CommitRecord, DeployRecord, RefRecord, ReleaseRecord } from './state.ts';

/** Release.is_valid_version (facts A2): no slashes, no \r \n \f \t, not `.`, `..` or `latest`. */
export function versionError(version: string): string | undefined {
  if (/[/\\\r\n\f\t]/.test(version) || ['.', '..', 'latest'].includes(version) || version.trim() === '')
    return `Release with name ${version} is not allowed`;
  return undefined;
}

export function newRelease(core: SentryCore, version: string, fields: Partial<ReleaseRecord> = {}): ReleaseRecord {
  const release: ReleaseRecord = {
    id: core.state.nextId(),
    version,
    ref: null,
    url: null,
    status: 'open',
    dateCreated: iso(core.now()),
    dateStarted: null,
    dateReleased: null,
    projects: [],
    commits: [],
    refs: [],
    deployCount: 0,
    lastDeploy: null,
    activities: [],
    ...fields,
  };
  core.state.releases.push(release);
  return release;
}

/** Issues first seen in this release, in its projects, once the double's update delay has passed. */
export function newGroups(core: SentryCore, release: ReleaseRecord, project?: string): number {
  const cutoff = core.now() - core.settings.newGroupsDelayMs;
  return core.state.issues.filter(
    (i) =>
      i.firstRelease === release.version &&
      release.projects.includes(i.project) &&
      (!project || i.project === project) &&
      i.addedAt <= cutoff,
  ).length;
}

/**
 * Head commits per repository: the explicit previousCommit, else the head of the latest other release
 * sharing a project (server `Release.set_refs`, ordered by COALESCE(date_released, date_added)).
 */
function previousHead(core: SentryCore, release: ReleaseRecord, repository: string): string | null {
  const earlier = core.state.releases
    .filter((r) => r !== release && r.projects.some((p) => release.projects.includes(p)))
    .toSorted((a, b) => (b.dateReleased ?? b.dateCreated).localeCompare(a.dateReleased ?? a.dateCreated));
  for (const other of earlier) {
    // A head commit is kept per repository by set_refs and by set_commits alike.
    const head = other.refs.find((r) => r.repository === repository)?.commit;
    if (head) return head;
    const commit = other.commits.find((c) => c.repository === repository);
    if (commit) return commit.id;
  }
  return null;
}

/**
 * Applies refs (`commit` may be `previous..head`): 400 text for unknown repositories, else the refs are
 * kept and, when `fetch`, commits are read from each repository's git directory (without one, only
 * the refs are recorded, as when Sentry cannot reach the code host).
 */
export function setRefs(
  core: SentryCore,
  release: ReleaseRecord,
  refs: RefRecord[],
  fetch: boolean,
): string | undefined {
  const unknown = refs.filter((r) => !core.state.repositories.some((repo) => repo.name === r.repository));
  if (unknown.length > 0) return `Invalid repository names: ${unknown.map((r) => r.repository).join(',')}`;
  const resolved = refs.map((r) => {
    const [from, to] = r.commit.includes('..') ? r.commit.split('..') : [r.previousCommit, r.commit];
    return { repository: r.repository, commit: to!, previousCommit: from || null };
  });
  if (fetch) {
    const commits: CommitRecord[] = [];
    for (const ref of resolved) {
      const repo = core.state.repositories.find((r) => r.name === ref.repository)!;
      if (!repo.gitDir) continue;
      const previous = ref.previousCommit ?? previousHead(core, release, ref.repository);
      commits.push(...readCommits(repo.gitDir, repo.name, ref.commit, previous));
    }
    release.commits = commits;
  }
  release.refs = resolved;
  return undefined;
}

function deployView(deploy: DeployRecord): Record<string, unknown> {
  const { id, environment, dateStarted, dateFinished, name, url } = deploy;
  return { id, environment, dateStarted, dateFinished, name, url };
}

function commitView(commit: CommitRecord): Record<string, unknown> {
  return {
    id: commit.id,
    message: commit.message,
    dateCreated: commit.timestamp,
    author: commit.authorEmail ? { name: commit.authorName, email: commit.authorEmail } : null,
    repository: commit.repository ? { name: commit.repository } : null,
  };
}

/** shortVersion as Sentry shows it: a package prefix dropped, a commit SHA cut to 12 characters. */
function shortVersion(version: string): string {
  const bare = version.includes('@') ? version.slice(version.lastIndexOf('@') + 1) : version;
  return /^[0-9a-f]{40}$/.test(bare) ? bare.slice(0, 12) : bare;
}

/** The release as GET/POST/PUT answer it (serializer fields of facts A6). */
export function serializeRelease(core: SentryCore, release: ReleaseRecord): Record<string, unknown> {
  const issues = core.state.issues.filter(
    (i) => i.firstRelease === release.version || i.lastRelease === release.version,
  );
  const seen = issues.map((i) => i.firstSeen).toSorted();
  const last = issues.map((i) => i.lastSeen).toSorted();
  const authors = new Map<string, { name: string | null; email: string }>();
  for (const c of release.commits)
    if (c.authorEmail) authors.set(c.authorEmail, { name: c.authorName, email: c.authorEmail });
  const [pkg, raw] = release.version.includes('@')
    ? [release.version.slice(0, release.version.lastIndexOf('@')), shortVersion(release.version)]
    : [null, release.version];
  return {
    id: release.id,
    version: release.version,
    shortVersion: shortVersion(release.version),
    versionInfo: { package: pkg, version: { raw }, description: raw, buildHash: null },
    ref: release.ref,
    url: release.url,
    status: release.status,
    dateCreated: release.dateCreated,
    dateReleased: release.dateReleased,
    data: {},
    owner: null,
    newGroups: newGroups(core, release),
    firstEvent: seen[0] ?? null,
    lastEvent: last.at(-1) ?? null,
    commitCount: release.commits.length,
    lastCommit: release.commits[0] ? commitView(release.commits[0]) : null,
    authors: [...authors.values()],
    deployCount: release.deployCount,
    lastDeploy: release.lastDeploy ? deployView(release.lastDeploy) : null,
    projects: release.projects.map((slug) => {
      const project = core.state.projects.find((p) => p.slug === slug)!;
      return {
        id: project.id,
        slug: project.slug,
        name: project.name,
        newGroups: newGroups(core, release, slug),
        platform: project.platform,
        platforms: project.platform ? [project.platform] : [],
        hasHealthData: false,
      };
    }),
  };
}

export { deployView };
