import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { maskUrl } from '../../src/shared/secrets.ts';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('maskUrl', () => {
  it.each([
    [
      'a sources URL: the URL, its token and its id',
      'https://api.example/v1/sources/6b0f2a7c9d1e4f3a8b2c?token=abcdef0123456789abcd',
      {},
      ['abcdef0123456789abcd', '6b0f2a7c9d1e4f3a8b2c'],
    ],
    [
      'an archive URL without its path: the SHA stays readable',
      `https://codeload.example/acme/shop/legacy.tar.gz/${SHA}?token=abcdef0123456789abcd`,
      { pathSegments: false },
      ['abcdef0123456789abcd'],
    ],
    ['short parts stay readable', 'https://api.example/v1/x?page=1', {}, []],
  ])('%s', (_what, url, options, parts) => {
    const logger = new MemoryLogger();
    maskUrl(logger, url, options);
    expect(logger.masked).toEqual([url, ...parts]);
  });

  it('masks a string that is no URL as a whole', () => {
    const logger = new MemoryLogger();
    maskUrl(logger, 'not a url');
    expect(logger.masked).toEqual(['not a url']);
  });
});
