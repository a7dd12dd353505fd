// The review app's name: derived from the parent and the pull request number, stable across runs,
// within Scalingo's name rules. Child app names may be limited to 32 characters or to 48 (wave-2 facts
// §17, unconfirmed): 32 fits both. Runs find the app again by looking this name up, never by assuming.
import { createHash } from 'node:crypto';

export const MAX_CHILD_APP_NAME = 32;

export function reviewAppName(parent: string, pullRequest: number): string {
  const suffix = `-pr${pullRequest}`;
  if (parent.length + suffix.length <= MAX_CHILD_APP_NAME) return `${parent}${suffix}`;
  // A short hash of the whole parent name keeps two long parents sharing a prefix apart.
  const hash = createHash('sha256').update(parent).digest('hex').slice(0, 4);
  const room = MAX_CHILD_APP_NAME - suffix.length - hash.length - 1;
  return `${parent.slice(0, room).replace(/-+$/, '')}-${hash}${suffix}`;
}

/** The pull request number of a review app this action named for `parent`, or undefined. */
export function pullRequestOfName(parent: string, name: string): number | undefined {
  const match = /-pr(\d+)$/.exec(name);
  if (!match) return undefined;
  const number = Number(match[1]);
  return reviewAppName(parent, number) === name ? number : undefined;
}
