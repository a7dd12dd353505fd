// Where the moving major tag (`v1`) goes when `vX.Y.Z` is released. It only ever moves forward: it
// points at the newest final release of its major, so a hotfix `v1.2.1` tagged after `v1.3.0` leaves
// `v1` on `v1.3.0`; a prerelease never creates or moves one; the first `v2.0.0` creates `v2`.
//
//   node scripts/major-tag.ts v1.4.0
//
// reads the checkout's tags (`git tag --list 'v*'`, so fetch them first) and prints what to do in the
// key=value form of $GITHUB_OUTPUT: action (create, move or none), major, sha (the commit the major tag
// must point at) and reason. It changes nothing itself: .github/workflows/release.yml applies it.
import { execFileSync } from 'node:child_process';
import semver from 'semver';

export type MajorTagAction = 'create' | 'move' | 'none';

export interface MajorTagPlan {
  action: MajorTagAction;
  /** The major tag, e.g. `v1`. */
  major: string;
  /** The commit the major tag must point at (for create and move). */
  sha?: string;
  reason: string;
}

/** The tags of a repository, as far as the decision needs them. */
export interface TagSnapshot {
  /** Tag names starting with `v` (`git tag --list 'v*'`): releases, prereleases and major tags. */
  names: readonly string[];
  /** The commit a tag points at (peeled), or undefined when there is no such tag. */
  commitOf(name: string): string | undefined;
}

// vMAJOR.MINOR.PATCH with an optional prerelease, as the release workflow's `v*.*.*` trigger means it.
const RELEASE_TAG = /^v(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;

export function isReleaseTag(name: string): boolean {
  return RELEASE_TAG.test(name) && semver.valid(name) !== null;
}

export function planMajorTag(tag: string, tags: TagSnapshot): MajorTagPlan {
  if (!isReleaseTag(tag)) {
    throw new Error(`"${tag}" is not a release tag: expected vMAJOR.MINOR.PATCH (e.g. v1.4.0 or v2.0.0-rc.1)`);
  }
  const version = semver.parse(tag)!;
  const major = `v${version.major}`;
  if (version.prerelease.length > 0) {
    return { action: 'none', major, reason: `${tag} is a prerelease: ${major} never points at one` };
  }
  const sha = tags.commitOf(tag);
  if (sha === undefined) throw new Error(`tag ${tag} is not in this checkout: fetch the tags first`);

  const finals = [...new Set([tag, ...tags.names])].filter((name) => {
    if (!isReleaseTag(name)) return false;
    const other = semver.parse(name)!;
    return other.major === version.major && other.prerelease.length === 0;
  });
  const newest = finals.sort(semver.rcompare)[0]!;
  if (newest !== tag) {
    return { action: 'none', major, reason: `${major} stays on ${newest}, which is newer than ${tag}` };
  }

  const current = tags.commitOf(major);
  if (current === undefined) {
    return { action: 'create', major, sha, reason: `${tag} is the first release of ${major}` };
  }
  if (current === sha) return { action: 'none', major, reason: `${major} already points at ${tag}` };
  return { action: 'move', major, sha, reason: `${tag} is the newest ${major} release` };
}

/** The plan as $GITHUB_OUTPUT lines. */
export function formatPlan(plan: MajorTagPlan): string {
  return [`action=${plan.action}`, `major=${plan.major}`, `sha=${plan.sha ?? ''}`, `reason=${plan.reason}`, ''].join(
    '\n',
  );
}

/** The tags of the git repository in `cwd`. */
export function gitTags(cwd: string): TagSnapshot {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  const names = git('tag', '--list', 'v*').split('\n').filter(Boolean);
  const known = new Set(names);
  return {
    names,
    commitOf: (name) => (known.has(name) ? git('rev-parse', '--verify', `refs/tags/${name}^{commit}`) : undefined),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const tag = process.argv[2];
  if (!tag || process.argv.length > 3) {
    console.error('usage: node scripts/major-tag.ts vX.Y.Z');
    process.exit(2);
  }
  try {
    process.stdout.write(formatPlan(planMajorTag(tag, gitTags(process.cwd()))));
  } catch (error) {
    console.error(`major-tag: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
