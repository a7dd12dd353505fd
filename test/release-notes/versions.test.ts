import { describe, expect, it } from 'vitest';
import semver from 'semver';
import { nextVersion, parseVersionTag, previousCandidates, versionTags } from '../../src/release-notes/versions.ts';

describe('parseVersionTag', () => {
  it.each([
    ['v1.2.3', 'v', '1.2.3'],
    ['v1.2.3-rc.1', 'v', '1.2.3-rc.1'],
    ['release-2.0.0', 'release-', '2.0.0'],
    ['1.2.3', '', '1.2.3'],
    ['v1.2', 'v', null],
    ['1.2.3', 'v', null],
    ['vlatest', 'v', null],
    ['v01.2.3', 'v', null],
    ['nightly', 'v', null],
  ])('%s with prefix %j -> %s', (tag, prefix, expected) => {
    expect(parseVersionTag(tag, prefix)?.version ?? null).toBe(expected);
  });
});

describe('previousCandidates', () => {
  const tags = versionTags(
    ['v1.0.0', 'v1.1.0-rc.1', 'v1.1.0', 'v1.2.0-beta.1', 'v1.2.0-rc.2', 'nightly', 'v2.0.0', 'docs-1'],
    'v',
  );
  const names = (target: string | null) =>
    previousCandidates(tags, target === null ? null : semver.parse(target)).map((t) => t.name);

  it.each([
    ['1.2.0', ['v1.1.0', 'v1.0.0']],
    ['1.2.0-rc.3', ['v1.2.0-rc.2', 'v1.2.0-beta.1', 'v1.1.0', 'v1.1.0-rc.1', 'v1.0.0']],
    ['1.0.0', []],
    [null, ['v2.0.0', 'v1.1.0', 'v1.0.0']],
  ])('below %s: %j (final releases skip prereleases, non-semver tags ignored)', (target, expected) => {
    expect(names(target)).toEqual(expected);
  });
});

describe('nextVersion', () => {
  it.each([
    ['1.4.2', 'patch', '1.4.3'],
    ['1.4.2', 'minor', '1.5.0'],
    ['1.4.2', 'major', '2.0.0'],
    ['1.5.0-rc.1', 'patch', '1.5.0'],
    ['1.5.0-rc.1', 'minor', '1.5.0'],
    ['1.5.0-rc.1', 'major', '2.0.0'],
    ['2.0.0-rc.1', 'major', '2.0.0'],
    [null, 'patch', '0.1.0'],
    [null, 'major', '1.0.0'],
  ] as const)('from %s with a %s bump -> %s', (previous, bump, expected) => {
    expect(nextVersion(previous === null ? null : semver.parse(previous), bump)).toBe(expected);
  });
});
