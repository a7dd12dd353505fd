// Released comments against the GitHub double: once per pull request whatever the reruns, a lost
// answer looked for before posting again, and what is left when GitHub refuses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { commentReleased, releasedCommentBody, releasedMarker } from '../../src/aftercare/comments.ts';
import { ChoreError, pacer } from '../../src/aftercare/pace.ts';
import type { AftercareRelease } from '../../src/aftercare/params.ts';
import { clientFor } from '../github/helpers.ts';

let gh: GitHubDouble;
beforeEach(async () => {
  gh = await startGitHubDouble();
  gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
});
afterEach(async () => {
  await gh.close();
});

const release: AftercareRelease = {
  tag: 'v1.3.0',
  version: '1.3.0',
  sha: 'a'.repeat(40),
  releaseUrl: 'https://github.com/acme/shop/releases/tag/v1.3.0',
  repository: 'acme/shop',
  app: 'shop',
  appUrl: 'https://shop.osc-fr1.scalingo.io',
  startedAt: new Date('2026-11-23T19:38:00Z'),
  liveSince: new Date('2026-11-23T19:40:31Z'),
};
const prs = (n: number) => Array.from({ length: n }, (_, i) => gh.git.mergePullRequest({ title: `PR ${i}` }).number);
const commentsOn = (n: number) => gh.state.comments.filter((c) => c.issue_url.endsWith(`/issues/${n}`));

describe('released comments', () => {
  it('say where and since when the release is live, with a hidden marker', () => {
    expect(releasedCommentBody(release)).toBe(
      'Released in [v1.3.0](https://github.com/acme/shop/releases/tag/v1.3.0), live on [shop](https://shop.osc-fr1.scalingo.io) since 2026-11-23 19:40 UTC.\n\n<!-- scalingo-actions:released v1.3.0 -->\n',
    );
    const { app: _a, appUrl: _u, ...noApp } = release;
    expect(releasedCommentBody(noApp)).toMatch(/^Released in \[v1\.3\.0\]\(.*\) on 2026-11-23 19:40 UTC\.\n/);
  });

  it('comment each pull request once; a second run finds its marker and writes nothing', async () => {
    const numbers = prs(3);
    const { client, logger } = clientFor(gh);
    // Someone else's comment, and our own on another tag, do not count.
    await client.createComment(numbers[0]!, 'LGTM');
    await client.createComment(numbers[1]!, `Released in v1.2.9\n\n${releasedMarker('v1.2.9')}`);
    const first = await commentReleased(client, logger, release, numbers, pacer(1));
    expect(first).toEqual({ commented: numbers, already: [], missing: [] });
    const again = await commentReleased(client, logger, release, numbers, pacer(1));
    expect(again).toEqual({ commented: [], already: numbers, missing: [] });
    for (const n of numbers)
      expect(commentsOn(n).filter((c) => c.body.includes(releasedMarker('v1.3.0')))).toHaveLength(1);
  });

  it('a create whose answer was lost is looked for, then sent once more: one comment', async () => {
    const [n] = prs(1);
    const { client, logger } = clientFor(gh);
    gh.fault({ method: 'POST', path: /\/comments$/, drop: true });
    await commentReleased(client, logger, release, [n!], pacer(1));
    expect(gh.journal.filter((e) => e.method === 'POST').length).toBe(2);
    expect(commentsOn(n!)).toHaveLength(1);
  });

  it('a number GitHub does not know is skipped; a refusal stops, listing what is left', async () => {
    const numbers = prs(3);
    const { client, logger } = clientFor(gh);
    expect((await commentReleased(client, logger, release, [999, numbers[0]!], pacer(1))).missing).toEqual([999]);
    gh.fault({
      method: 'POST',
      path: `/issues/${numbers[1]}/comments`,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const error = (await commentReleased(client, logger, release, numbers, pacer(1)).catch(
      (e: unknown) => e,
    )) as ChoreError;
    expect(error).toBeInstanceOf(ChoreError);
    expect(error.message).toMatch(
      /^Commented on 0 of 3 pull request\(s\), then GitHub refused #\d+: .*Resource not accessible by integration.*pull-requests: write/,
    );
    expect(error.left).toEqual([
      `Comment "Released in v1.3.0" on #${numbers[1]}, #${numbers[2]} (or run the release again: commented ones are skipped).`,
    ]);
  });
});
