// What production ran before: the last successful deployment, and the release tag its git_ref
// stands for. The version guard compares with it, and a rollback goes back to it.
import semver from 'semver';
import type { SemVer } from 'semver';
import type { Tag } from '../github/types.ts';
import type { Deployment } from '../scalingo/types.ts';
import { namesCommit } from '../shared/git-refs.ts';
import type { DeploymentsReader, GuardGitHub } from './ports.ts';
import { versionOfTag } from './version.ts';
import type { TagPattern } from './version.ts';

export const MAX_PAGES = 5;
export const PER_PAGE = 50;

/** What production ran before this release: the rollback target and the version to beat. */
export interface PreviousRelease {
  deploymentId: string;
  gitRef: string;
  tag: string | null;
  version: SemVer | null;
}

/** Newest first, stopping at the first deployment `match` accepts. */
export async function findDeployment(
  deployments: DeploymentsReader,
  app: string,
  match: (d: Deployment) => boolean,
): Promise<Deployment | null> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const result = await deployments.list(app, { page, perPage: PER_PAGE });
    const found = result.deployments.find(match);
    if (found) return found;
    if (!result.pagination?.next_page || result.deployments.length === 0) return null;
  }
  return null;
}

/** The highest version among the tags naming `gitRef` (a tag name or a commit SHA). */
export function tagForGitRef(
  pattern: TagPattern,
  tags: Tag[],
  gitRef: string,
): { tag: string; version: SemVer } | null {
  // Production may have run a prerelease earlier even when this release may not be one.
  const lenient = { ...pattern, allowPrerelease: true };
  const candidates = tags.filter((t) => t.name === gitRef || namesCommit(gitRef, t.sha));
  let best: { tag: string; version: SemVer } | null = null;
  for (const candidate of candidates) {
    const parsed = versionOfTag(lenient, candidate.name);
    if ('version' in parsed && (!best || semver.gt(parsed.version, best.version)))
      best = { tag: candidate.name, version: parsed.version };
  }
  return best;
}

/** Production's last successful deployment, with the tag its git_ref stands for (null when none). */
export async function findPreviousRelease(
  deployments: DeploymentsReader,
  github: GuardGitHub,
  app: string,
  pattern: TagPattern,
): Promise<PreviousRelease | null> {
  const last = await findDeployment(deployments, app, (d) => d.status === 'success' && Boolean(d.git_ref));
  if (!last?.git_ref) return null;
  const named = tagForGitRef(pattern, await github.tags(), last.git_ref);
  return { deploymentId: last.id, gitRef: last.git_ref, tag: named?.tag ?? null, version: named?.version ?? null };
}
