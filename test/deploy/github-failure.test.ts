import { describe, expect, it } from 'vitest';
import { githubFailure } from '../../src/deploy/github-failure.ts';
import { GitHubApiError, GitHubPermissionError } from '../../src/github/errors.ts';
import { ConfigurationError } from '../../src/shared/errors.ts';

describe('githubFailure', () => {
  it.each([
    [new GitHubPermissionError('GET', '/x', 403, 'denied'), /^Input 'github-token': GitHub refused to read it \(403\)/],
    [
      new GitHubApiError('GET', '/x', 401, 'Bad credentials'),
      /^Input 'github-token': GitHub refused to read it \(401\)/,
    ],
    [new GitHubApiError('GET', '/x', 502, 'Bad gateway'), /^GitHub failed to read it, even after retries .*502/],
  ])('%s', (error, message) => {
    const result = githubFailure('read it', error);
    expect(result).toBeInstanceOf(ConfigurationError);
    expect((result as Error).message).toMatch(message);
  });

  it('leaves other errors alone', () => {
    const bug = new TypeError('x is undefined');
    expect(githubFailure('read it', bug)).toBe(bug);
  });
});
