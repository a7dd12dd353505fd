// The octokit spaces content-creating writes (the throttling plugin's `notifications` group, one
// "second" apart, retry.baseDelayMs scaling the second): measured against the double's own 80-a-minute
// limit, its clock running as many times faster as the client's second is shorter.
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { GitHubClient } from '../../src/github/client.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';

let gh: GitHubDouble | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function burst(clockScale: number, secondMs: number, comments: number) {
  const t0 = Date.now();
  gh = await startGitHubDouble({ now: () => t0 + (Date.now() - t0) * clockScale });
  // clockScale 0: the double's clock stands still at t0.
  gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
  const pr = gh.git.mergePullRequest({ title: 'Cart' });
  const client = new GitHubClient({
    token: gh.token,
    apiUrl: gh.apiUrl,
    graphqlUrl: gh.graphqlUrl,
    owner: gh.owner,
    repo: gh.repo,
    logger: new MemoryLogger(),
    retry: { baseDelayMs: secondMs },
  });
  // All at once: only the client's own spacing keeps them apart.
  const settled = await Promise.allSettled(
    Array.from({ length: comments }, (_, i) => client.createComment(pr.number, `note ${i}`)),
  );
  return { double: gh, failed: settled.filter((s) => s.status === 'rejected').length };
}

describe('content-creation spacing', () => {
  it('100 creates fired at once reach GitHub one second apart: never over 80 a minute', async () => {
    const { double, failed } = await burst(200, 5, 100);
    expect(failed).toBe(0);
    expect(double.journal.filter((e) => e.limited === 'secondary')).toEqual([]);
    expect(double.state.comments).toHaveLength(100);
  });

  it('the double counts these creates: with its clock standing still, the 81st is refused', async () => {
    const { double, failed } = await burst(0, 5, 100);
    expect(double.state.comments).toHaveLength(80);
    expect(failed).toBe(20);
    expect(double.journal.filter((e) => e.limited === 'secondary').length).toBeGreaterThanOrEqual(20);
  }, 30_000);
});
