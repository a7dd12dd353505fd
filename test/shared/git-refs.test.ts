import { describe, expect, it } from 'vitest';
import { isFullSha, isRefName, looksLikeSha, namesCommit } from '../../src/shared/git-refs.ts';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('git refs', () => {
  it.each([
    [SHA, true, true],
    [SHA.toUpperCase(), true, true],
    ['0123456', false, true],
    ['012345', false, false],
    ['v1.2.3', false, false],
    [`${SHA}0`, false, false],
  ])('%s: full SHA %s, SHA-like %s', (ref, full, like) => {
    expect(isFullSha(ref)).toBe(full);
    expect(looksLikeSha(ref)).toBe(like);
  });

  it.each([
    [SHA, SHA, undefined, true],
    ['0123456', SHA, undefined, true],
    ['0123457', SHA, undefined, false],
    ['v1.2.3', SHA, 'v1.2.3', true],
    ['v1.2.3', SHA, undefined, false],
    [null, SHA, undefined, false],
  ])('namesCommit(%j, sha, %j) is %s', (gitRef, sha, tag, expected) => {
    expect(namesCommit(gitRef, sha, tag)).toBe(expected);
  });

  it.each([
    ['main', true],
    ['feature/cart', true],
    ['v1.2.3', true],
    ['two words', false],
    ['a..b', false],
    ['-rf', false],
    ['ends/', false],
    ['x.lock.', false],
    ['a@{1}', false],
  ])('isRefName(%j) is %s', (name, expected) => {
    expect(isRefName(name)).toBe(expected);
  });
});
