// Sentry after a release, through the bundles (dist/deploy-production, dist/deploy) against the Sentry
// double: release, commits, deploy and finalize in action-release's order, an existing release, Sentry
// down (the release still succeeds), and the watch counting new issues.
import { afterEach, describe, expect, it } from 'vitest';
import { startSentryDouble } from '../../sandbox/sentry/index.ts';
import type { ActionResult } from '../helpers/run-action.ts';
import { SECOND_MS, startAftercareWorld, type AftercareWorld } from '../helpers/aftercare-world.ts';
import { startWorld } from '../helpers/staging-world.ts';

let world: AftercareWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const annotations = (r: ActionResult, level: string) =>
  r.annotations.filter((a) => a.level === level).map((a) => a.message);
const row = (r: ActionResult, step: string) => r.summary.split('\n').find((l) => l.startsWith(`| ${step} |`)) ?? '';

describe('Sentry', () => {
  it('records the release, its commits, the deploy and finalizes it, in that order', async () => {
    world = await startAftercareWorld({ pullRequests: 2 });
    const result = await world.run({ ...world.sentryInputs });
    expect(result.exitCode, result.stdout).toBe(0);
    const calls = world.sentry.mutations().map((e) => `${e.method} ${e.rawPath} ${e.status}`);
    expect(calls).toEqual([
      'POST /api/0/organizations/acme/releases/ 201',
      'PUT /api/0/organizations/acme/releases/1.3.0/ 200',
      'POST /api/0/organizations/acme/releases/1.3.0/deploys/ 201',
      'PUT /api/0/organizations/acme/releases/1.3.0/ 200',
    ]);
    const [create, commits, deploy, finalize] = world.sentry.mutations().map((e) => e.body as Record<string, unknown>);
    const deployment = world.scalingo.app('shop').deployments.at(-1)!;
    expect(create).toEqual({
      version: '1.3.0',
      projects: ['shop'],
      url: world.github.state.releases.find((r) => r.tag_name === 'v1.3.0')!.html_url,
      dateStarted: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(commits).toEqual({
      refs: [{ repository: 'acme/shop', commit: world.sha.v130, previousCommit: world.sha.v120 }],
    });
    expect(deploy).toEqual({
      environment: 'production',
      name: 'shop v1.3.0',
      url: 'https://github.com/acme/shop/actions/runs/4242',
      dateStarted: create!.dateStarted,
      dateFinished: finalize!.dateReleased,
    });
    expect(Date.parse(deploy!.dateFinished as string)).toBeGreaterThanOrEqual(
      Date.parse(deploy!.dateStarted as string),
    );
    expect(finalize).toEqual({ dateReleased: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(deployment.status).toBe('success');
    // The commits of v1.2.0..v1.3.0 from the repository: the two pull requests and the cart commit.
    expect(world.sentry.release('1.3.0')).toMatchObject({ deployCount: 1, dateReleased: finalize!.dateReleased });
    expect(world.sentry.release('1.3.0')!.commits.map((c) => c.id)[0]).toBe(world.sha.v130);
    expect(world.sentry.release('1.3.0')!.commits.length).toBeGreaterThanOrEqual(3);
    expect(result.outputs['sentry-release']).toBe('1.3.0');
    expect(row(result, 'sentry')).toMatch(
      /✅ success .*1\.3\.0 created, commits associated \(\d+ commit\(s\)\), deploy to production recorded, finalized/,
    );
    expect(result.masks).toContain(world.sentryInputs['sentry-auth-token']);
    expect(result.everything).not.toContain(world.sentryInputs['sentry-auth-token']);
  });

  it('an existing release (208) is no error: its commits, deploy and finalize follow', async () => {
    world = await startAftercareWorld({ pullRequests: 1 });
    // An event reporting 1.3.0 arrived first (the SDK names the release): Sentry made the release then.
    world.sentry.addIssue({ project: 'shop', title: 'Early bird', firstRelease: '1.3.0' });
    const result = await world.run({ ...world.sentryInputs, 'sentry-environment': 'prod' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(world.sentry.mutations().map((e) => `${e.method} ${e.status}`)).toEqual([
      'POST 208',
      'PUT 200',
      'POST 201',
      'PUT 200',
    ]);
    expect(world.sentry.state.deploys.map((d) => d.environment)).toEqual(['prod']);
    expect(row(result, 'sentry')).toMatch(/1\.3\.0 already there/);
    expect(annotations(result, 'warning')).toEqual([]);
  });

  it('Sentry down: the release still succeeds, and the warning says what is left to do', async () => {
    world = await startAftercareWorld({ pullRequests: 1 });
    world.sentry.fault({ path: /^\/api\/0\//, status: 503, times: Infinity });
    const result = await world.run({ ...world.sentryInputs, 'sentry-watch': '1s', 'released-comment': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(world.github.state.releases.find((r) => r.tag_name === 'v1.3.0')).toMatchObject({ draft: false });
    // The create is safe to repeat (get-or-create): tried five times, as sentry-cli; nothing after it.
    expect(world.sentry.journal.map((e) => `${e.method} ${e.status}`)).toEqual(Array(5).fill('POST 503'));
    const [warning] = annotations(result, 'warning');
    expect(warning).toMatch(
      /^Sentry: creating the release failed: Sentry API POST \/organizations\/acme\/releases\/ answered 503/,
    );
    expect(warning).toMatch(/status\.sentry\.io/);
    expect(warning).toMatch(
      /Left to do by hand: sentry-cli releases new -p shop "1\.3\.0"; sentry-cli releases set-commits/,
    );
    expect(row(result, 'sentry')).toMatch(/⚠️ warning/);
    expect(row(result, 'sentry-watch')).toMatch(/⏭️ skipped .*not run: the Sentry release was not recorded/);
    expect(row(result, 'released-comment')).toMatch(/✅ success/);
    expect(result.summary).toMatch(/Left to do by hand:\n {2}- sentry-cli releases new/);
    expect(result.outputs['sentry-release']).toBe('');
  });
});

describe('Sentry watch', () => {
  it('counts the issues first seen in the release and links them', async () => {
    world = await startAftercareWorld({ pullRequests: 1 });
    world.sentry.addIssue({ project: 'shop', title: 'KeyError: <cart>', firstRelease: '1.3.0', count: 7 });
    world.sentry.addIssue({ project: 'shop', title: 'TimeoutError', firstRelease: '1.3.0' });
    world.sentry.addIssue({ project: 'shop', title: 'Old one', firstRelease: '1.2.0' });
    world.sentry.addIssue({ project: 'shop', title: 'Fixed', firstRelease: '1.3.0', status: 'resolved' });
    const result = await world.run({ ...world.sentryInputs, 'sentry-watch': '2s' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs['sentry-new-issues']).toBe('2');
    expect(row(result, 'sentry-watch')).toMatch(/✅ success .*2 new issue\(s\) first seen in 1\.3\.0 within 2s/);
    expect(result.summary).toMatch(/#### Sentry: 2 new issue\(s\) first seen in 1\.3\.0 \(watched 2s\)/);
    expect(result.summary).toMatch(
      /\| \[`SHOP-1`\]\(http:\/\/127\.0\.0\.1:\d+\/organizations\/acme\/issues\/\d+\/\) \| `KeyError: <cart>` \| `error` \| 7 \| 1 \|/,
    );
    expect(result.summary).toContain(
      `](${world.sentry.url}/organizations/acme/issues/?query=firstRelease%3A%221.3.0%22&project=`,
    );
    const searches = world.sentry.journal.filter((e) => e.path.endsWith('/issues/'));
    expect(searches.length).toBeGreaterThanOrEqual(2);
    expect(searches[0]!.query).toMatchObject({ query: 'first-release:"1.3.0" is:unresolved' });
  });

  it('an organization token records the release but cannot read issues: the watch warns at once, with the link', async () => {
    world = await startAftercareWorld({ pullRequests: 1 });
    const result = await world.run({
      ...world.sentryInputs,
      'sentry-auth-token': world.sentry.orgToken,
      'sentry-watch': '30m',
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(row(result, 'sentry')).toMatch(/✅ success/);
    const [warning] = annotations(result, 'warning');
    expect(warning).toMatch(
      /^The Sentry watch could not count new issues: Sentry API GET .* answered 403: .*event:read/,
    );
    expect(warning).toMatch(
      /Left to do by hand: Look at the release's new issues in Sentry: http:\/\/127\.0\.0\.1:\d+\/organizations\/acme\/issues\/\?query=firstRelease/,
    );
    expect(world.sentry.journal.filter((e) => e.path.endsWith('/issues/'))).toHaveLength(1);
    expect(result.outputs['sentry-new-issues']).toBe('');
  });

  it('fails when more new issues than sentry-max-new-issues, at the first count, and production keeps the release', async () => {
    world = await startAftercareWorld({ pullRequests: 1 });
    world.sentry.addIssue({ project: 'shop', title: 'KeyError', firstRelease: '1.3.0' });
    world.sentry.addIssue({ project: 'shop', title: 'TypeError', firstRelease: '1.3.0' });
    const result = await world.run({ ...world.sentryInputs, 'sentry-watch': '30m', 'sentry-max-new-issues': '1' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result, 'error')[0]).toMatch(
      /^Sentry saw 2 new issue\(s\) first seen in 1\.3\.0 before the end of the watch, more than sentry-max-new-issues \(1\): http.*shop still runs v1\.3\.0/,
    );
    expect(world.sentry.journal.filter((e) => e.path.endsWith('/issues/'))).toHaveLength(1);
    expect(world.github.state.releases.find((r) => r.tag_name === 'v1.3.0')).toMatchObject({ draft: false });
    expect(row(result, 'sentry-watch')).toMatch(/❌ failure/);
    expect(result.outputs['sentry-new-issues']).toBe('2');
  });
});

describe('deploy (staging) with Sentry', () => {
  it('records the commit’s release (the SHA) and its deploy to the environment', async () => {
    const staging = await startWorld();
    const sentry = await startSentryDouble({ org: 'acme', projects: ['shop'] });
    try {
      sentry.linkRepository('acme/shop', staging.github.git.dir);
      const result = await staging.run(
        {
          'sentry-auth-token': sentry.orgToken,
          'sentry-project': 'shop',
          'sentry-environment': 'staging',
        },
        { env: { SCALINGO_ACTIONS_TEST_SECOND_MS: String(SECOND_MS) } },
      );
      expect(result.exitCode, result.stdout).toBe(0);
      // An organization token names its server and organization: no sentry-url, no sentry-org needed.
      expect(sentry.mutations().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
        'POST /api/0/organizations/acme/releases/ 201',
        `PUT /api/0/organizations/acme/releases/${staging.sha}/ 200`,
        `POST /api/0/organizations/acme/releases/${staging.sha}/deploys/ 201`,
        `PUT /api/0/organizations/acme/releases/${staging.sha}/ 200`,
      ]);
      expect(sentry.mutations()[0]!.body).toMatchObject({
        version: staging.sha,
        url: `https://github.com/acme/shop/commit/${staging.sha}`,
      });
      expect(sentry.state.deploys.map((d) => d.environment)).toEqual(['staging']);
      expect(sentry.release(staging.sha)?.dateReleased).toEqual(expect.any(String));
      expect(result.summary).toMatch(/### After the release\n\n\| Chore \|.*\n.*\n\| sentry \| ✅ success/);
      expect(result.everything).not.toContain(sentry.orgToken);
    } finally {
      await sentry.close();
      await staging.close();
    }
  });
});
