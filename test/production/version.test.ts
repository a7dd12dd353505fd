import { describe, expect, it } from 'vitest';
import { DEFAULT_TAG_PATTERN, parseTagPattern, requireVersion, versionOfTag } from '../../src/production/version.ts';

const strict = parseTagPattern('tag-pattern', DEFAULT_TAG_PATTERN, false);
const withPre = parseTagPattern('tag-pattern', DEFAULT_TAG_PATTERN, true);

describe('tag pattern', () => {
  it.each([
    ['v1.2.3', '1.2.3'],
    ['v0.0.1', '0.0.1'],
    ['v10.20.30', '10.20.30'],
  ])('accepts %s as %s', (tag, version) => {
    expect(requireVersion(strict, tag).version).toBe(version);
  });

  it.each([
    ['1.2.3', /does not match the pattern 'vMAJOR.MINOR.PATCH'/],
    ['v1.2', /is not a semantic version/],
    ['v01.2.3', /is not a semantic version/],
    ['vv1.2.3', /is not a semantic version/],
    ['v1.2.3.4', /is not a semantic version/],
    ['v1.2.3+build.5', /build metadata/],
    ['v1.2.3-rc.1', /prerelease .*allow-prerelease/],
    ['release', /does not match/],
  ])('refuses %s naming the tag guard', (tag, problem) => {
    expect(() => requireVersion(strict, tag)).toThrow(problem);
    expect(() => requireVersion(strict, tag)).toThrow(/^Input 'tag': tag guard: /);
  });

  it('tells how to allow prereleases', () => {
    expect(() => requireVersion(strict, 'v2.0.0-beta.1')).toThrow(/allow-prerelease: true/);
    expect(requireVersion(withPre, 'v2.0.0-beta.1').prerelease).toEqual(['beta', 1]);
  });

  it('reads custom templates with a prefix and a suffix', () => {
    const pattern = parseTagPattern('tag-pattern', 'release-MAJOR.MINOR.PATCH-prod', false);
    expect(versionOfTag(pattern, 'release-1.4.0-prod')).toMatchObject({ version: { version: '1.4.0' } });
    expect(versionOfTag(pattern, 'v1.4.0')).toMatchObject({ problem: expect.stringMatching(/does not match/) });
  });

  it.each(['v*.*.*', 'MAJOR.MINOR.PATCH-MAJOR.MINOR.PATCH', 'v MAJOR.MINOR.PATCH'])(
    'refuses the template %j',
    (text) => {
      expect(() => parseTagPattern('tag-pattern', text, false)).toThrow(/^Input 'tag-pattern': /);
    },
  );
});
