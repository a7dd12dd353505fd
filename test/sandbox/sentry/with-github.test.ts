import { afterEach, beforeEach, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../../sandbox/github/index.ts';
import { startSentryDouble, type SentryDouble } from '../../../sandbox/sentry/index.ts';
import { call, deploysPath, releasePath, releasesPath } from './http.ts';

let gh: GitHubDouble;
let sentry: SentryDouble;

beforeEach(async () => {
  gh = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  sentry = await startSentryDouble({ org: 'acme', projects: ['shop'] });
  sentry.linkRepository('acme/shop', gh.git.dir);
});
afterEach(async () => {
  await sentry.close();
  await gh.close();
});

it('plays action-release’s sequence (facts A9) with commits read from the GitHub double’s repository', async () => {
  gh.git.commit({ 'README.md': 'shop\n' }, 'Initial commit');
  const previous = gh.git.tag('v1.0.0');
  const pr = gh.git.mergePullRequest({ title: 'Add cart', author: 'alice', strategy: 'squash' });
  const fix = gh.git.commit({ 'fix.txt': '1\n' }, 'Fix checkout');
  const version = 'shop@1.1.0';

  expect((await call(sentry, 'POST', releasesPath(), { version, projects: ['shop'] })).status).toBe(201);
  const commits = await call(sentry, 'POST', releasesPath(), {
    version,
    projects: ['shop'],
    refs: [{ repository: 'acme/shop', commit: `${previous}..${fix}` }],
  });
  expect(commits.status).toBe(208);
  expect(sentry.release(version)?.commits.map((c) => c.id)).toEqual([fix, pr.mergeCommitSha]);
  expect(commits.body.authors).toEqual(
    expect.arrayContaining([expect.objectContaining({ email: 'alice@users.noreply.github.com' })]),
  );
  expect((await call(sentry, 'POST', deploysPath(version), { environment: 'production' })).status).toBe(201);
  const finalized = await call(sentry, 'PUT', releasePath(version), { dateReleased: new Date().toISOString() });
  expect(finalized.body).toMatchObject({ commitCount: 2, deployCount: 1, lastCommit: { id: fix } });
  expect(sentry.mutations().map((e) => `${e.method} ${e.status}`)).toEqual([
    'POST 201',
    'POST 208',
    'POST 201',
    'PUT 200',
  ]);
});
