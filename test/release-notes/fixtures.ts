import type { Change, PullRequest } from '../../src/release-notes/pull-request.ts';

/** A merged pull request with only what a test cares about given. */
export function pr(number: number, title: string, extra: Partial<PullRequest> = {}): PullRequest {
  return {
    number,
    title,
    url: `https://github.com/acme/shop/pull/${number}`,
    body: '',
    labels: [],
    author: 'alice',
    authorIsBot: false,
    mergeCommit: null,
    merged: true,
    ...extra,
  };
}

export const asChange = (pullRequest: PullRequest): Change => ({ kind: 'pull-request', pullRequest });
