import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSentryDouble, type SentryDouble, type SentryDoubleOptions } from '../../../sandbox/sentry/index.ts';
import { call, links, releasePath, releasesPath, type Answer } from './http.ts';

let sentry: SentryDouble;
let clock: number;

async function start(options: SentryDoubleOptions = {}): Promise<void> {
  clock = Date.parse('2026-03-02T10:00:00Z');
  sentry = await startSentryDouble({ projects: ['shop', 'web'], now: () => clock, ...options });
  await call(sentry, 'POST', releasesPath(), { version: 'shop@1.1.0', projects: ['shop', 'web'] });
}
beforeEach(() => start());
afterEach(async () => {
  await sentry.close();
});

const issues = async (query: string, token = sentry.userToken) => {
  const answer = await call(sentry, 'GET', `/organizations/acme/issues/${query}`, undefined, token);
  return { ...answer, titles: Array.isArray(answer.body) ? answer.body.map((i: { title: string }) => i.title) : [] };
};

function seed(): void {
  const at = (minutesAgo: number) => new Date(clock - minutesAgo * 60_000).toISOString();
  sentry.addIssue({ project: 'shop', title: 'New in 1.1.0', firstRelease: 'shop@1.1.0', count: 40, firstSeen: at(5) });
  sentry.addIssue({
    project: 'web',
    title: 'Web, new in 1.1.0',
    firstRelease: 'shop@1.1.0',
    environment: 'staging',
    firstSeen: at(4),
  });
  sentry.addIssue({
    project: 'shop',
    title: 'Old one',
    firstRelease: 'shop@1.0.0',
    lastRelease: 'shop@1.1.0',
    firstSeen: at(3000),
  });
  sentry.addIssue({
    project: 'shop',
    title: 'Resolved in 1.1.0',
    firstRelease: 'shop@1.1.0',
    status: 'resolved',
    firstSeen: at(2),
  });
  sentry.addIssue({ project: 'shop', title: 'Ancient', firstRelease: 'shop@0.9.0', firstSeen: at(60 * 24 * 30) });
}

describe('the new-issue watch (facts A6)', () => {
  it.each([
    ['first-release:VERSION', '?query=first-release:shop@1.1.0%20is:unresolved', ['Web, new in 1.1.0', 'New in 1.1.0']],
    [
      'firstRelease:"VERSION"',
      '?query=firstRelease:%22shop@1.1.0%22%20is:unresolved',
      ['Web, new in 1.1.0', 'New in 1.1.0'],
    ],
    [
      'first-release without is:',
      '?query=first-release:shop@1.1.0',
      ['Resolved in 1.1.0', 'Web, new in 1.1.0', 'New in 1.1.0'],
    ],
    ['no query: is:unresolved', '', ['Web, new in 1.1.0', 'New in 1.1.0', 'Old one']],
    ['an empty query: everything', '?query=', ['Resolved in 1.1.0', 'Web, new in 1.1.0', 'New in 1.1.0', 'Old one']],
    ['release: (seen in it)', '?query=release:shop@1.1.0%20!firstRelease:shop@1.1.0', ['Old one']],
    ['environment', '?query=first-release:shop@1.1.0&environment=staging', ['Web, new in 1.1.0']],
    [
      'two environments',
      '?query=&environment=staging&environment=production',
      ['Resolved in 1.1.0', 'Web, new in 1.1.0', 'New in 1.1.0', 'Old one'],
    ],
    ['project', `?query=first-release:shop@1.1.0&project=PROJECT_SHOP`, ['Resolved in 1.1.0', 'New in 1.1.0']],
    [
      'project -1 (all)',
      '?query=first-release:shop@1.1.0%20is:unresolved&project=-1',
      ['Web, new in 1.1.0', 'New in 1.1.0'],
    ],
    ['statsPeriod=1h', '?query=&statsPeriod=1h', ['Resolved in 1.1.0', 'Web, new in 1.1.0', 'New in 1.1.0']],
    [
      'statsPeriod=90d',
      '?query=is:unresolved&statsPeriod=90d',
      ['Web, new in 1.1.0', 'New in 1.1.0', 'Old one', 'Ancient'],
    ],
    ['sort=freq', '?query=is:unresolved&sort=freq', ['New in 1.1.0', 'Web, new in 1.1.0', 'Old one']],
    ['free text', '?query=web', ['Web, new in 1.1.0']],
  ])('%s', async (_what, query, expected) => {
    seed();
    const shop = sentry.state.projects.find((p) => p.slug === 'shop')!;
    const answer = await issues(query.replace('PROJECT_SHOP', String(shop.id)));
    expect(answer.status).toBe(200);
    expect(answer.titles).toEqual(expected);
  });

  it('answers the docs’ issue fields, count as a string', async () => {
    const issue = sentry.addIssue({
      project: 'shop',
      title: 'ZeroDivisionError',
      firstRelease: 'shop@1.1.0',
      count: 12,
      userCount: 3,
    });
    const answer = await issues('?query=first-release:shop@1.1.0');
    expect(answer.body).toEqual([
      expect.objectContaining({
        id: issue.id,
        shortId: 'SHOP-1',
        title: 'ZeroDivisionError',
        culprit: 'app.main',
        level: 'error',
        status: 'unresolved',
        firstSeen: '2026-03-02T10:00:00.000Z',
        lastSeen: '2026-03-02T10:00:00.000Z',
        count: '12',
        userCount: 3,
        permalink: `${sentry.url}/organizations/acme/issues/${issue.id}/`,
        project: expect.objectContaining({ slug: 'shop', name: 'shop' }),
      }),
    ]);
  });

  it('pages with limit and Link: continue only while results="true"', async () => {
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      sentry.addIssue({ project: 'shop', title: `Issue ${i}`, firstRelease: 'shop@1.1.0' });
    }
    const seen: string[] = [];
    let url: string | undefined = `${sentry.apiUrl}/organizations/acme/issues/?query=first-release:shop@1.1.0&limit=2`;
    let pages = 0;
    while (url) {
      const answer: Answer = await call(sentry, 'GET', url, undefined, sentry.userToken);
      pages++;
      seen.push(...answer.body.map((i: { title: string }) => i.title));
      const next: { url: string; results: boolean } = links(answer.headers).next!;
      expect(links(answer.headers).previous?.results).toBe(pages > 1);
      url = next.results ? next.url : undefined;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['Issue 4', 'Issue 3', 'Issue 2', 'Issue 1', 'Issue 0']);
  });

  it('caps limit at settings.issuesMaxLimit (100, unconfirmed)', async () => {
    sentry.settings.issuesMaxLimit = 3;
    for (let i = 0; i < 5; i++) sentry.addIssue({ project: 'shop', title: `Issue ${i}` });
    expect((await issues('?query=&limit=1000')).body).toHaveLength(3);
  });

  it('counts newGroups on the release and its projects (all environments)', async () => {
    seed();
    const release = await call(sentry, 'GET', releasePath('shop@1.1.0'));
    expect(release.body.newGroups).toBe(3);
    expect(release.body.projects.map((p: { slug: string; newGroups: number }) => [p.slug, p.newGroups])).toEqual([
      ['shop', 2],
      ['web', 1],
    ]);
  });

  it('lets newGroups lag behind new issues (settings.newGroupsDelayMs, unconfirmed)', async () => {
    sentry.settings.newGroupsDelayMs = 30_000;
    sentry.addIssue({ project: 'shop', title: 'Fresh', firstRelease: 'shop@1.1.0' });
    expect((await call(sentry, 'GET', releasePath('shop@1.1.0'))).body.newGroups).toBe(0);
    expect((await issues('?query=first-release:shop@1.1.0')).titles).toEqual(['Fresh']);
    clock += 30_000;
    expect((await call(sentry, 'GET', releasePath('shop@1.1.0'))).body.newGroups).toBe(1);
  });

  it('creates the release an event names, as ingestion does (a later POST then answers 208)', async () => {
    sentry.addIssue({ project: 'shop', title: 'Before the release', firstRelease: 'shop@2.0.0' });
    expect(sentry.release('shop@2.0.0')).toMatchObject({ projects: ['shop'], dateReleased: null, fromEvent: true });
    const answer = await call(sentry, 'POST', releasesPath(), { version: 'shop@2.0.0', projects: ['shop'] });
    expect(answer.status).toBe(208);
  });

  it.each([
    [
      'adds is:unresolved to a query without is: when told',
      { defaultQueryAddsUnresolved: true },
      '?query=first-release:shop@1.1.0',
      200,
      2,
    ],
    [
      'refuses an unquoted version with @ when told',
      { requireQuotedVersions: true },
      '?query=first-release:shop@1.1.0',
      400,
      0,
    ],
    ['accepts the quoted one then', { requireQuotedVersions: true }, '?query=first-release:%22shop@1.1.0%22', 200, 3],
  ])('%s', async (_what, settings, query, status, count) => {
    Object.assign(sentry.settings, settings);
    seed();
    const answer = await issues(query);
    expect(answer.status).toBe(status);
    expect(answer.titles).toHaveLength(count);
  });

  it('finds an issue by short id with shortIdLookup=1', async () => {
    sentry.addIssue({ project: 'shop', title: 'One' });
    sentry.addIssue({ project: 'shop', title: 'Two' });
    expect((await issues('?query=SHOP-2&shortIdLookup=1')).titles).toEqual(['Two']);
  });

  it.each([
    ['the org token (org:ci only)', () => sentry.orgToken, 403],
    ['a user token with event:read', () => sentry.userToken, 200],
    ['a user token without event:read', () => sentry.addToken({ kind: 'user', scopes: ['project:releases'] }), 403],
  ])('reading issues with %s → %i', async (_what, token, status) => {
    const answer = await issues('?query=', token());
    expect(answer.status).toBe(status);
    if (status === 403) expect(answer.body).toEqual({ detail: 'You do not have permission to perform this action.' });
  });

  it('answers 403 for a project the token cannot see, 400 for a bad statsPeriod', async () => {
    const shopOnly = sentry.addToken({ kind: 'user', scopes: ['event:read'], projects: ['shop'] });
    const web = sentry.state.projects.find((p) => p.slug === 'web')!;
    expect((await issues(`?project=${web.id}`, shopOnly)).status).toBe(403);
    expect((await issues('?statsPeriod=forever')).status).toBe(400);
  });
});
