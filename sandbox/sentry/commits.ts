import { execFileSync } from 'node:child_process';
import type { CommitRecord } from './state.ts';

// How far back Sentry looks when it has no previous commit for a repository (sentry-cli's local default
// depth is 20; the server's own fetch depth without a previous commit is not in the facts).
const FIRST_RELEASE_DEPTH = 20;

function git(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * The commits a repository integration would fetch for `previous..head`, newest first, read from a
 * real git directory. An unknown head gives none (Sentry's fetch task finds nothing and moves on).
 */
export function readCommits(dir: string, repository: string, head: string, previous: string | null): CommitRecord[] {
  const range = previous ? [`${previous}..${head}`] : ['-n', String(FIRST_RELEASE_DEPTH), head];
  const out = git(dir, ['log', '--format=%H%x00%an%x00%ae%x00%aI%x00%B%x1e', ...range, '--']);
  if (out === undefined) return [];
  return out
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter(Boolean)
    .map((record) => {
      const [id = '', authorName = '', authorEmail = '', date = '', message = ''] = record.split('\x00');
      return {
        id,
        repository,
        message: message.replace(/\n+$/, ''),
        authorName,
        authorEmail,
        timestamp: new Date(date).toISOString(),
      };
    });
}
