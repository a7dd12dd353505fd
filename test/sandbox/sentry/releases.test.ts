import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitFixture } from '../../../sandbox/github/index.ts';
import { startSentryDouble, type SentryDouble } from '../../../sandbox/sentry/index.ts';
import { call, releasePath, releasesPath } from './http.ts';

let sentry: SentryDouble;
let dir: string;
let git: GitFixture;
let shas: string[];

// One repository for the file (commits never change); a fresh double for each test.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sentry-double-git-'));
  git = new GitFixture(dir);
  shas = [1, 2, 3, 4, 5].map((i) => git.commit({ [`f${i}.txt`]: `${i}\n` }, `Commit ${i}`));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  sentry = await startSentryDouble({ projects: ['shop', 'web'], repositories: [{ name: 'acme/shop', gitDir: dir }] });
});
afterEach(async () => {
  await sentry.close();
});

const create = (body: Record<string, unknown>, token?: string) => call(sentry, 'POST', releasesPath(), body, token);

describe('create release (facts A2)', () => {
  it('creates (201) an unreleased release: dateReleased null unless sent', async () => {
    const answer = await create({ version: 'shop@1.0.0', projects: ['shop'], ref: 'v1.0.0' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      version: 'shop@1.0.0',
      shortVersion: '1.0.0',
      ref: 'v1.0.0',
      dateReleased: null,
      newGroups: 0,
      commitCount: 0,
      deployCount: 0,
      lastDeploy: null,
      projects: [{ slug: 'shop', newGroups: 0 }],
    });
    expect(sentry.release('shop@1.0.0')).toMatchObject({ projects: ['shop'], dateReleased: null });
  });

  it('is idempotent: 208 when it exists and nothing is added, 201 when a project is; ref/url/date kept', async () => {
    await create({ version: '1.0.0', projects: ['shop'], ref: 'first', url: 'https://a.example/1' });
    const again = await create({
      version: '1.0.0',
      projects: ['shop'],
      ref: 'second',
      dateReleased: '2026-01-01T00:00:00Z',
    });
    expect(again.status).toBe(208);
    expect(again.body).toMatchObject({ ref: 'first', url: 'https://a.example/1', dateReleased: null });
    const more = await create({ version: '1.0.0', projects: ['shop', 'web'] });
    expect(more.status).toBe(201);
    expect(more.body.projects.map((p: { slug: string }) => p.slug)).toEqual(['shop', 'web']);
    expect(sentry.releases).toHaveLength(1);
  });

  it('takes project ids as well as slugs', async () => {
    const web = sentry.state.projects.find((p) => p.slug === 'web')!;
    const answer = await create({ version: '1.0.0', projects: [web.id] });
    expect(answer.body.projects).toEqual([expect.objectContaining({ slug: 'web', id: web.id })]);
  });

  it('applies commits and refs even to an existing release (sentry-cli set-commits re-POSTs)', async () => {
    await create({ version: '1.0.0', projects: ['shop'] });
    const answer = await create({
      version: '1.0.0',
      projects: ['shop'],
      commits: [{ id: 'abc123', message: 'Fix', author_name: 'Ann', author_email: 'ann@example.com' }],
    });
    expect(answer.status).toBe(208);
    expect(answer.body).toMatchObject({
      commitCount: 1,
      lastCommit: { id: 'abc123', message: 'Fix' },
      authors: [{ name: 'Ann', email: 'ann@example.com' }],
    });
  });

  it('reads the commits of refs from the linked repository’s git directory (prev..head)', async () => {
    const answer = await create({
      version: '1.0.0',
      projects: ['shop'],
      refs: [{ repository: 'acme/shop', commit: `${shas[1]}..${shas[4]}` }],
    });
    expect(answer.body.commitCount).toBe(3);
    expect(sentry.release('1.0.0')?.commits.map((c) => c.id)).toEqual([shas[4], shas[3], shas[2]]);
    expect(sentry.release('1.0.0')?.refs).toEqual([
      { repository: 'acme/shop', commit: shas[4], previousCommit: shas[1] },
    ]);
  });

  it('takes the previous release’s head as the start when no previousCommit is sent', async () => {
    await create({ version: '1.0.0', projects: ['shop'], refs: [{ repository: 'acme/shop', commit: shas[1] }] });
    expect(sentry.release('1.0.0')?.commits).toHaveLength(2); // first time: history up to the head (depth 20)
    const next = await create({
      version: '1.1.0',
      projects: ['shop'],
      refs: [{ repository: 'acme/shop', commit: shas[3] }],
    });
    expect(sentry.release('1.1.0')?.commits.map((c) => c.id)).toEqual([shas[3], shas[2]]);
    expect(next.body.lastCommit.id).toBe(shas[3]);
  });

  it('records refs of a repository without a git directory, fetching no commits', async () => {
    sentry.linkRepository('acme/api');
    const answer = await create({
      version: '1.0.0',
      projects: ['shop'],
      refs: [{ repository: 'acme/api', commit: 'f'.repeat(40) }],
    });
    expect(answer.status).toBe(201);
    expect(answer.body.commitCount).toBe(0);
    expect(sentry.release('1.0.0')?.refs).toEqual([
      { repository: 'acme/api', commit: 'f'.repeat(40), previousCommit: null },
    ]);
  });

  it.each([
    ['a slash', 'shop/1.0', 'Release with name shop/1.0 is not allowed'],
    ['a backslash', 'shop\\1.0', 'Release with name shop\\1.0 is not allowed'],
    ['a newline', 'a\nb', 'Release with name a\nb is not allowed'],
    ['a tab', 'a\tb', 'Release with name a\tb is not allowed'],
    ['the reserved "."', '.', 'Release with name . is not allowed'],
    ['the reserved ".."', '..', 'Release with name .. is not allowed'],
    ['the reserved "latest"', 'latest', 'Release with name latest is not allowed'],
    ['an empty version', '', 'This field may not be blank.'],
    ['201 characters', 'v'.repeat(201), 'Ensure this field has no more than 200 characters.'],
  ])('refuses a version with %s: 400 {"version":[…]}', async (_what, version, message) => {
    const answer = await create({ version, projects: ['shop'] });
    expect(answer).toMatchObject({ status: 400, body: { version: [message] } });
    expect(sentry.releases).toEqual([]);
  });

  it.each([
    ['no version', { projects: ['shop'] }, { version: ['This field is required.'] }],
    ['no projects', { version: '1' }, { projects: ['This field is required.'] }],
    ['an unknown project', { version: '1', projects: ['nope'] }, { projects: ['Invalid project ids or slugs'] }],
    ['a bad url', { version: '1', projects: ['shop'], url: 'not a url' }, { url: ['Enter a valid URL.'] }],
    [
      'a commit without id',
      { version: '1', projects: ['shop'], commits: [{ message: 'x' }] },
      { commits: { '0': { id: ['This field is required.'] } } },
    ],
    [
      'a ref SHA over 64 characters',
      { version: '1', projects: ['shop'], refs: [{ repository: 'acme/shop', commit: 'a'.repeat(65) }] },
      { refs: { '0': { commit: ['Commit too long - max is 64 chars'] } } },
    ],
    [
      'an open-ended range',
      { version: '1', projects: ['shop'], refs: [{ repository: 'acme/shop', commit: 'abc..' }] },
      { refs: { '0': { commit: ['Commit cannot begin or end with ..'] } } },
    ],
    [
      'an unlinked repository',
      { version: '1', projects: ['shop'], refs: [{ repository: 'acme/other', commit: 'abc' }] },
      { refs: ['Invalid repository names: acme/other'] },
    ],
  ])('answers 400 to %s', async (_what, body, expected) => {
    const answer = await create(body);
    expect(answer).toMatchObject({ status: 400, body: expected });
  });

  it('refuses a token without access to the existing release’s projects (400 projects message)', async () => {
    await create({ version: '1.0.0', projects: ['shop', 'web'] });
    const webOnly = sentry.addToken({ kind: 'org', projects: ['web'] });
    const answer = await create({ version: '1.0.0', projects: ['web'] }, webOnly);
    expect(answer).toMatchObject({
      status: 400,
      body: { projects: ['You do not have permission to one of the projects: shop, web'] },
    });
  });
});

describe('read, set commits and finalize (facts A3, A4, A6)', () => {
  it('GETs a release by URL-encoded version, 404 when missing', async () => {
    await create({ version: 'shop@1.0.0+build.7', projects: ['shop'] });
    const answer = await call(sentry, 'GET', releasePath('shop@1.0.0+build.7'));
    expect(answer).toMatchObject({ status: 200, body: { version: 'shop@1.0.0+build.7' } });
    expect(sentry.journal.at(-1)?.rawPath).toBe('/api/0/organizations/acme/releases/shop%401.0.0%2Bbuild.7/');
    expect((await call(sentry, 'GET', releasePath('nope'))).status).toBe(404);
  });

  it('finalizes with dateReleased (200), overwrites it on a resend, records the activity once', async () => {
    await create({ version: '1.0.0', projects: ['shop'] });
    const first = await call(sentry, 'PUT', releasePath('1.0.0'), { dateReleased: '2026-03-01T10:00:00Z' });
    expect(first).toMatchObject({ status: 200, body: { dateReleased: '2026-03-01T10:00:00.000Z' } });
    await call(sentry, 'PUT', releasePath('1.0.0'), { dateReleased: '2026-03-01T11:00:00Z', url: 'https://x.example' });
    expect(sentry.release('1.0.0')).toMatchObject({
      dateReleased: '2026-03-01T11:00:00.000Z',
      url: 'https://x.example',
      activities: [{ type: 'release', date: '2026-03-01T10:00:00.000Z' }],
    });
  });

  it('sets commits from refs, and refs: [] clears them', async () => {
    await create({ version: '1.0.0', projects: ['shop'] });
    const set = await call(sentry, 'PUT', releasePath('1.0.0'), {
      refs: [{ repository: 'acme/shop', commit: shas[4], previousCommit: shas[2] }],
    });
    expect(set.body.commitCount).toBe(2);
    const cleared = await call(sentry, 'PUT', releasePath('1.0.0'), { refs: [] });
    expect(cleared.body.commitCount).toBe(0);
  });

  it.each([
    ['a missing release', 404, async () => {}],
    [
      'a release none of whose projects the token may see',
      404,
      async () => {
        await create({ version: '1.0.0', projects: ['shop'] });
      },
    ],
  ])('PUT on %s → %i', async (_what, status, setup) => {
    await setup();
    const webOnly = sentry.addToken({ kind: 'org', projects: ['web'] });
    const answer = await call(sentry, 'PUT', releasePath('1.0.0'), { dateReleased: '2026-03-01T10:00:00Z' }, webOnly);
    expect(answer).toMatchObject({ status, body: { detail: 'The requested resource does not exist' } });
  });

  it('answers 400 to a bad dateReleased', async () => {
    await create({ version: '1.0.0', projects: ['shop'] });
    const answer = await call(sentry, 'PUT', releasePath('1.0.0'), { dateReleased: 'tomorrow' });
    expect(answer.status).toBe(400);
    expect(answer.body.dateReleased[0]).toMatch(/^Datetime has wrong format/);
  });

  it('lists linked repositories and the previous release with commits, as sentry-cli reads them', async () => {
    await create({ version: '1.0.0', projects: ['shop'], commits: [{ id: 'a1' }] });
    await create({ version: '1.1.0', projects: ['shop'] });
    const repos = await call(sentry, 'GET', '/organizations/acme/repos/');
    expect(repos.body).toEqual([expect.objectContaining({ name: 'acme/shop', status: 'active' })]);
    const previous = await call(sentry, 'GET', `${releasePath('1.1.0')}previous-with-commits/`);
    expect(previous.body).toMatchObject({ version: '1.0.0' });
    expect((await call(sentry, 'GET', `${releasePath('1.0.0')}previous-with-commits/`)).body).toEqual({});
  });
});
