// The GitHub chores after a release, through the bundles (dist/deploy-production, dist/release-notes):
// released comments on every pull request (once, whatever the reruns, within GitHub's content limit)
// and the milestone. Failures there warn, never fail the release.
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubDouble } from '../../sandbox/github/index.ts';
import { runAction, type ActionResult } from '../helpers/run-action.ts';
import { createMilestone, SECOND_MS, startAftercareWorld, type AftercareWorld } from '../helpers/aftercare-world.ts';

let world: AftercareWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const DISPATCH = {
  GITHUB_EVENT_NAME: 'workflow_dispatch',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
};
const annotations = (r: ActionResult, level: string) =>
  r.annotations.filter((a) => a.level === level).map((a) => a.message);
const commentsOn = (w: AftercareWorld, n: number) =>
  w.github.state.comments.filter((c) => c.issue_url.endsWith(`/issues/${n}`));
const row = (r: ActionResult, step: string) => r.summary.split('\n').find((l) => l.startsWith(`| ${step} |`)) ?? '';

describe('released comments', () => {
  it('tells each pull request once, and a rerun adds nothing', async () => {
    world = await startAftercareWorld({ pullRequests: 3 });
    const first = await world.run({ 'released-comment': 'true' });
    expect(first.exitCode, first.stdout).toBe(0);
    const release = world.github.state.releases.find((r) => r.tag_name === 'v1.3.0')!;
    for (const pr of world.pulls) {
      const [comment, ...more] = commentsOn(world, pr.number);
      expect(more).toEqual([]);
      expect(comment!.body).toMatch(
        new RegExp(
          `^Released in \\[v1\\.3\\.0\\]\\(${release.html_url.replace(/[.?]/g, '\\$&')}\\), live on \\[shop\\]\\(https?://[^)]+\\) since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.\\n\\n<!-- scalingo-actions:released v1\\.3\\.0 -->\\n$`,
        ),
      );
    }
    expect(row(first, 'released-comment')).toMatch(/✅ success .*3 commented, 0 already commented/);

    const posts = () => world!.github.journal.filter((e) => e.method === 'POST' && e.path.endsWith('/comments'));
    expect(posts()).toHaveLength(3);
    const rerun = await world.run({ 'released-comment': 'true', tag: 'v1.3.0', force: 'true' }, { env: DISPATCH });
    expect(rerun.exitCode, rerun.stdout).toBe(0);
    expect(posts()).toHaveLength(3);
    expect(world.github.state.comments).toHaveLength(3);
    expect(row(rerun, 'released-comment')).toMatch(/0 commented, 3 already commented/);
  });
});

describe('a release of 200 pull requests', () => {
  // The double's clock runs 1000 / SECOND_MS times faster: its 80-a-minute limit is measured in the
  // same shrunk seconds the bundle spaces its writes by, so this plays GitHub's real limit in ~3 s.
  it(
    'comments on all of them, one write a second, without tripping the content limit',
    { timeout: 120_000 },
    async () => {
      world = await startAftercareWorld({ pullRequests: 200, clockScale: 100 });
      const result = await world.run(
        { 'released-comment': 'true', milestone: 'create-and-close' },
        { timeoutMs: 110_000 },
      );
      expect(result.exitCode, result.stdout).toBe(0);
      expect(world.github.journal.filter((e) => e.limited === 'secondary')).toEqual([]);
      const commented = new Set(world.github.state.comments.map((c) => Number(c.issue_url.split('/').pop())));
      expect([...commented].sort((a, b) => a - b)).toEqual(world.pulls.map((p) => p.number));
      expect(world.github.state.comments).toHaveLength(200);
      expect(world.github.state.milestones).toMatchObject([{ title: 'v1.3.0', state: 'closed', closed_issues: 200 }]);
      expect(annotations(result, 'warning')).toEqual([]);
    },
  );
});

describe('milestone', () => {
  it('puts the release’s pull requests in the version’s milestone, then closes it', async () => {
    world = await startAftercareWorld({ pullRequests: 3 });
    const other = await createMilestone(world, 'v1.4.0');
    const number = await createMilestone(world, 'v1.3.0');
    const result = await world.run({ milestone: 'close' });
    expect(result.exitCode, result.stdout).toBe(0);
    const milestone = world.github.state.milestones.find((m) => m.number === number)!;
    expect(milestone).toMatchObject({ state: 'closed', closed_issues: 3, open_issues: 0 });
    expect(world.github.state.milestones.find((m) => m.number === other)).toMatchObject({ state: 'open' });
    const patched = world.github.journal.filter((e) => e.method === 'PATCH' && /\/issues\/\d+$/.test(e.path));
    expect(patched.map((e) => [Number(e.path.split('/').pop()), e.body])).toEqual(
      world.pulls.map((p) => [p.number, { milestone: number }]),
    );
    expect(row(result, 'milestone')).toMatch(/✅ success .*v1\.3\.0: 3 pull request\(s\) put in it, closed/);
  });

  it('a missing milestone with `close` is a notice: nothing created, the release succeeds', async () => {
    world = await startAftercareWorld({ pullRequests: 3 });
    const result = await world.run({ milestone: 'close' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(world.github.state.milestones).toEqual([]);
    expect(annotations(result, 'notice')).toEqual([
      'No milestone named v1.3.0 or 1.3.0: nothing to close (`milestone: create-and-close` creates it).',
    ]);
    expect(annotations(result, 'warning')).toEqual([]);
    expect(row(result, 'milestone')).toMatch(/⏭️ skipped .*No milestone named v1\.3\.0 or 1\.3\.0/);
  });

  it('create-and-close names it as the team does (bare versions) and fills it', async () => {
    world = await startAftercareWorld({ pullRequests: 2 });
    await createMilestone(world, '1.2.0');
    const result = await world.run({ milestone: 'create-and-close' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(world.github.state.milestones.find((m) => m.title === '1.3.0')).toMatchObject({
      state: 'closed',
      closed_issues: 2,
    });
  });
});

describe('release-notes with publish: true', () => {
  it('tells the pull requests and closes the milestone once the release is published; a rerun adds nothing', async () => {
    const gh = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
    try {
      gh.git.commit({ 'README.md': 'shop\n' }, 'Initial commit');
      gh.git.tag('v1.0.0');
      const prs = [
        gh.git.mergePullRequest({ title: 'feat: add the cart', author: 'alice', strategy: 'squash' }),
        gh.git.mergePullRequest({ title: 'fix: round totals', author: 'bob', strategy: 'merge' }),
      ];
      gh.git.tag('v1.1.0');
      const notes = (inputs: Record<string, string>) =>
        runAction('release-notes', {
          inputs: {
            'github-token': gh.token,
            publish: 'true',
            'released-comment': 'true',
            milestone: 'create-and-close',
            app: 'shop',
            ...inputs,
          },
          env: {
            GITHUB_API_URL: gh.apiUrl,
            GITHUB_GRAPHQL_URL: gh.graphqlUrl,
            GITHUB_REPOSITORY: 'acme/shop',
            GITHUB_REF: 'refs/tags/v1.1.0',
            GITHUB_SHA: gh.git.head('main'),
            GITHUB_EVENT_NAME: 'push',
            SCALINGO_ACTIONS_TEST_SECOND_MS: String(SECOND_MS),
          },
          cwd: gh.git.dir,
        });
      const first = await notes({});
      expect(first.exitCode, first.stdout).toBe(0);
      const release = gh.state.releases.find((r) => r.tag_name === 'v1.1.0')!;
      expect(release.draft).toBe(false);
      expect(gh.state.comments.map((c) => [Number(c.issue_url.split('/').pop()), c.body.split('\n')[0]])).toEqual(
        prs.map((p) => [
          p.number,
          expect.stringMatching(/^Released in \[v1\.1\.0\]\(.+\), live on shop since \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/),
        ]),
      );
      expect(gh.state.milestones).toMatchObject([{ title: 'v1.1.0', state: 'closed', closed_issues: 2 }]);
      expect(first.summary).toMatch(/### After the release\n\n\| Chore \| Outcome \| Duration \| Details \|/);

      const rerun = await notes({});
      expect(rerun.exitCode, rerun.stdout).toBe(0);
      expect(gh.state.comments).toHaveLength(2);
      expect(gh.state.milestones).toHaveLength(1);
      expect(rerun.summary).toMatch(/\| released-comment \| ✅ success \| \d+s \| 0 commented, 2 already commented \|/);
    } finally {
      await gh.close();
    }
  });

  it('a draft (publish: false) tells nobody', async () => {
    world = await startAftercareWorld({ pullRequests: 1 });
    const gh = world.github;
    const result = await runAction('release-notes', {
      inputs: { 'github-token': gh.token, 'released-comment': 'true', milestone: 'create-and-close' },
      env: {
        GITHUB_API_URL: gh.apiUrl,
        GITHUB_GRAPHQL_URL: gh.graphqlUrl,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_REF: 'refs/tags/v1.3.0',
        GITHUB_SHA: world.sha.v130,
        GITHUB_EVENT_NAME: 'push',
      },
      cwd: gh.git.dir,
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(gh.state.comments).toEqual([]);
    expect(gh.state.milestones).toEqual([]);
  });
});
