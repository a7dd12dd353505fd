import semver from 'semver';
import type { SemVer } from 'semver';
import { inputError } from '../shared/errors.ts';

const PLACEHOLDER = 'MAJOR.MINOR.PATCH';
export const DEFAULT_TAG_PATTERN = `v${PLACEHOLDER}`;

/**
 * A release tag template: literal text around the `MAJOR.MINOR.PATCH` placeholder
 * (`vMAJOR.MINOR.PATCH`, `release-MAJOR.MINOR.PATCH`). Kept as data so the same rule
 * reads the tag being released and the tags production ran before.
 */
export interface TagPattern {
  prefix: string;
  suffix: string;
  allowPrerelease: boolean;
  text: string;
}

export function parseTagPattern(input: string, text: string, allowPrerelease: boolean): TagPattern {
  const at = text.indexOf(PLACEHOLDER);
  if (at < 0 || text.indexOf(PLACEHOLDER, at + 1) >= 0) {
    throw inputError(
      input,
      `'${text}' does not contain ${PLACEHOLDER} exactly once`,
      `Write it like '${DEFAULT_TAG_PATTERN}' or 'release-${PLACEHOLDER}'.`,
    );
  }
  const prefix = text.slice(0, at);
  const suffix = text.slice(at + PLACEHOLDER.length);
  if (/\s/.test(text))
    throw inputError(input, `'${text}' contains whitespace`, 'Git tags cannot contain spaces; remove them.');
  return { prefix, suffix, allowPrerelease, text };
}

/**
 * The version a tag names, or the reason it does not fit the pattern.
 * Strict semver: no leading zeros, no `v` inside the number, no build metadata.
 */
export function versionOfTag(pattern: TagPattern, tag: string): { version: SemVer } | { problem: string } {
  if (
    !tag.startsWith(pattern.prefix) ||
    !tag.endsWith(pattern.suffix) ||
    tag.length < pattern.prefix.length + pattern.suffix.length
  ) {
    return { problem: `'${tag}' does not match the pattern '${pattern.text}'` };
  }
  const middle = tag.slice(pattern.prefix.length, tag.length - pattern.suffix.length);
  const version = semver.parse(middle);
  // semver.parse tolerates a leading 'v' and '='; a tag template spells those out itself.
  if (!version || !/^\d/.test(middle) || version.raw !== middle)
    return { problem: `'${middle}' in '${tag}' is not a semantic version MAJOR.MINOR.PATCH` };
  if (version.build.length > 0) return { problem: `'${tag}' carries build metadata (+${version.build.join('.')})` };
  if (version.prerelease.length > 0 && !pattern.allowPrerelease) {
    return { problem: `'${tag}' is a prerelease (-${version.prerelease.join('.')}) and allow-prerelease is off` };
  }
  return { version };
}

/** The tag guard: refuses a tag outside the pattern before anything else runs. */
export function requireVersion(pattern: TagPattern, tag: string): SemVer {
  const result = versionOfTag(pattern, tag);
  if ('problem' in result) {
    const fix = result.problem.includes('prerelease')
      ? 'Set `allow-prerelease: true` to release prereleases to production, or tag a final version.'
      : `Tag the release like '${pattern.text.replace(PLACEHOLDER, '1.4.0')}', or set \`tag-pattern\` to your scheme.`;
    throw inputError('tag', `tag guard: ${result.problem}`, fix);
  }
  return result.version;
}
