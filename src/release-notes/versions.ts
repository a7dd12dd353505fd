import semver from 'semver';
import type { SemVer } from 'semver';

/** A tag whose name is `<prefix><semver>`; every other tag is ignored by the release range. */
export interface VersionTag {
  name: string;
  version: SemVer;
}

export type Bump = 'major' | 'minor' | 'patch';

/** The semver of `<prefix>1.2.3`, or null when the tag is not a version tag with that prefix. */
export function parseVersionTag(name: string, prefix: string): SemVer | null {
  if (!name.startsWith(prefix)) return null;
  // Strict parsing: `v1.2` or `1.2.3-` are not versions, and loose forms would sort surprisingly.
  return semver.parse(name.slice(prefix.length), { loose: false });
}

export function versionTags(names: readonly string[], prefix: string): VersionTag[] {
  const tags: VersionTag[] = [];
  for (const name of names) {
    const version = parseVersionTag(name, prefix);
    if (version) tags.push({ name, version });
  }
  return tags.sort((a, b) => semver.rcompare(a.version, b.version));
}

/**
 * Tags that may be the previous release of `target`, best first: below the target's version (all
 * version tags when drafting from a branch head), final releases only when the target is final.
 * The caller keeps the first one that is an ancestor of the target.
 */
export function previousCandidates(tags: readonly VersionTag[], target: SemVer | null): VersionTag[] {
  const wantsFinal = target === null || target.prerelease.length === 0;
  return tags
    .filter((tag) => (target === null ? true : semver.lt(tag.version, target)))
    .filter((tag) => !(wantsFinal && tag.version.prerelease.length > 0))
    .sort((a, b) => semver.rcompare(a.version, b.version));
}

/** Breaking changes bump the major, any feature the minor, anything else the patch. */
export function nextVersion(previous: SemVer | null, bump: Bump): string {
  if (previous === null) return bump === 'major' ? '1.0.0' : '0.1.0';
  // A prerelease base (1.3.0-rc.1) already names the version being prepared.
  if (previous.prerelease.length > 0) {
    const base = `${previous.major}.${previous.minor}.${previous.patch}`;
    if (bump === 'major' && (previous.minor > 0 || previous.patch > 0)) return semver.inc(base, 'major')!;
    if (bump === 'minor' && previous.patch > 0) return semver.inc(base, 'minor')!;
    return base;
  }
  return semver.inc(previous, bump)!;
}
