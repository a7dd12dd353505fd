// The Sentry client against the Sentry double (facts A2-A8): answers read, failures retried only
// when safe, a deploy never created twice, rate limits waited out, the new-issue count.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSentryDouble, type SentryDouble } from '../../sandbox/sentry/index.ts';
import { SentryClient } from '../../src/sentry/client.ts';
import { SentryApiError } from '../../src/sentry/errors.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';

let sentry: SentryDouble;
let logger: MemoryLogger;
beforeEach(async () => {
  sentry = await startSentryDouble({ org: 'acme', projects: ['shop'] });
  logger = new MemoryLogger();
});
afterEach(async () => {
  await sentry.close();
});

const client = (token = sentry.userToken, options: { secondMs?: number; maxWaitMs?: number } = {}) =>
  new SentryClient({ baseUrl: sentry.url, org: 'acme', token, logger, secondMs: options.secondMs ?? 5, ...options });
const deploy = {
  environment: 'production',
  dateStarted: '2026-11-23T19:40:00.000Z',
  dateFinished: '2026-11-23T19:42:00.000Z',
};

describe('SentryClient', () => {
  it('creates a release (201), then finds it there (208): both are a success', async () => {
    const c = client();
    const first = await c.createRelease({ version: 'shop@1.3.0', projects: ['shop'] });
    expect(first).toMatchObject({ created: true, release: { version: 'shop@1.3.0', projects: [{ slug: 'shop' }] } });
    expect((await c.createRelease({ version: 'shop@1.3.0', projects: ['shop'] })).created).toBe(false);
    // The version is percent-encoded in later paths (facts A2).
    await c.finalize('shop@1.3.0', '2026-11-23T19:42:00.000Z');
    expect(sentry.journal.at(-1)!.rawPath).toBe('/api/0/organizations/acme/releases/shop%401.3.0/');
    expect(sentry.release('shop@1.3.0')!.dateReleased).toBe('2026-11-23T19:42:00.000Z');
    expect(logger.masked).toEqual([sentry.userToken]);
  });

  it('says whose failure it is, with what to do, and never repeats a refused call', async () => {
    const c = client('sntryu_' + 'f'.repeat(64));
    const refused = await c.createRelease({ version: '1.3.0', projects: ['shop'] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SentryApiError);
    expect(refused).toMatchObject({
      status: 401,
      detail: 'Invalid token',
      hint: expect.stringMatching(/sentry-auth-token/),
    });
    expect(sentry.journal).toHaveLength(1);
    const unknown = await client()
      .createRelease({ version: '1.3.0', projects: ['cart'] })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 400, detail: '{"projects":["Invalid project ids or slugs"]}' });
  });

  it('retries a 503 on a call safe to repeat, then gives up saying Sentry is failing', async () => {
    sentry.fault({ path: '/releases/', status: 503, times: 2 });
    expect((await client().createRelease({ version: '1.3.0', projects: ['shop'] })).created).toBe(true);
    sentry.fault({ path: /\/releases\/1\.3\.0\/$/, method: 'PUT', status: 502, times: Infinity });
    await expect(client().finalize('1.3.0', deploy.dateFinished)).rejects.toMatchObject({
      status: 502,
      hint: expect.stringMatching(/status\.sentry\.io/),
    });
    expect(sentry.journal.filter((e) => e.method === 'PUT')).toHaveLength(5);
  });

  it('waits out a 429 until X-Sentry-Rate-Limit-Reset, whatever the call', async () => {
    await client().createRelease({ version: '1.3.0', projects: ['shop'] });
    sentry.fault({ method: 'POST', path: '/deploys/', status: 429 });
    expect(await client().createDeploy('1.3.0', deploy)).toMatchObject({ environment: 'production' });
    expect(sentry.journal.filter((e) => e.path.endsWith('/deploys/')).map((e) => e.status)).toEqual([429, 201]);
    // A wait longer than the step accepts fails at once, saying so.
    sentry.fault({ method: 'POST', path: '/deploys/', status: 429, headers: { 'retry-after': '3600' } });
    await expect(client(sentry.userToken, { maxWaitMs: 1000 }).createDeploy('1.3.0', deploy)).rejects.toThrow(
      /answered 429: .*longer than this step waits/,
    );
  });

  it('a deploy whose answer was lost is looked for before it is created again: exactly one deploy', async () => {
    await client().createRelease({ version: '1.3.0', projects: ['shop'] });
    sentry.fault({ method: 'POST', path: '/deploys/', drop: true });
    const created = await client().createDeploy('1.3.0', deploy);
    expect(sentry.journal.map((e) => `${e.method} ${e.path.replace(/^.*releases\//, '')}`).slice(1)).toEqual([
      'POST 1.3.0/deploys/',
      'GET 1.3.0/deploys/',
      'POST 1.3.0/deploys/',
    ]);
    expect(sentry.state.deploys).toHaveLength(1);
    expect(created.id).toBe(String(sentry.state.deploys[0]!.id));
  });

  it('finds the deploy a lost answer did create, and sends nothing more', async () => {
    await client().createRelease({ version: '1.3.0', projects: ['shop'] });
    await client().createDeploy('1.3.0', deploy);
    sentry.fault({ method: 'POST', path: '/deploys/', status: 500 });
    const again = await client().createDeploy('1.3.0', deploy);
    expect(again.id).toBe(String(sentry.state.deploys[0]!.id));
    expect(sentry.state.deploys).toHaveLength(1);
  });

  it('lists the linked repositories and sets refs', async () => {
    sentry.linkRepository('Acme/Shop');
    expect(await client().repositories()).toEqual(['Acme/Shop']);
    await client().createRelease({ version: '1.3.0', projects: ['shop'] });
    const sha = 'a'.repeat(40);
    const release = await client().setCommits('1.3.0', [{ repository: 'Acme/Shop', commit: sha }]);
    expect(release.version).toBe('1.3.0');
    expect(sentry.release('1.3.0')!.refs).toMatchObject([{ repository: 'Acme/Shop', commit: sha }]);
  });

  it('counts the unresolved issues first seen in a release, quoting the version', async () => {
    sentry.settings = { ...sentry.settings, requireQuotedVersions: true };
    const { release } = await client().createRelease({ version: 'shop@1.3.0', projects: ['shop'] });
    for (let i = 0; i < 3; i++)
      sentry.addIssue({ project: 'shop', title: `E${i}`, firstRelease: 'shop@1.3.0', count: i + 1 });
    sentry.addIssue({ project: 'shop', title: 'resolved', firstRelease: 'shop@1.3.0', status: 'resolved' });
    sentry.addIssue({ project: 'shop', title: 'older', firstRelease: 'shop@1.2.0' });
    const ids = release.projects.map((p) => p.id);
    const found = await client().newIssues('shop@1.3.0', ids, 2);
    expect(found).toMatchObject({ count: 3, exact: true });
    expect(found.top.map((i) => [i.title, i.count])).toEqual([
      ['E2', 3],
      ['E1', 2],
    ]);
    expect(sentry.journal.at(-1)!.query).toMatchObject({
      query: 'first-release:"shop@1.3.0" is:unresolved',
      project: ids[0],
      sort: 'freq',
    });
    expect(client().issuesUrl('shop@1.3.0', ids)).toBe(
      `${sentry.url}/organizations/acme/issues/?query=firstRelease%3A%22shop%401.3.0%22&project=${ids[0]}`,
    );
  });

  it('an organization token cannot read issues: 403 with the scope to ask for', async () => {
    await client(sentry.orgToken).createRelease({ version: '1.3.0', projects: ['shop'] });
    await expect(client(sentry.orgToken).newIssues('1.3.0', [])).rejects.toMatchObject({
      status: 403,
      hint: expect.stringMatching(/event:read/),
    });
  });

  it('a network failure is Sentry unreachable, retried when safe', async () => {
    const port = new URL(sentry.url).port;
    await sentry.close();
    const gone = new SentryClient({
      baseUrl: `http://127.0.0.1:${port}`,
      org: 'acme',
      token: 'x',
      logger,
      secondMs: 1,
      retries: 2,
    });
    await expect(gone.createRelease({ version: '1.3.0', projects: ['shop'] })).rejects.toMatchObject({
      status: 0,
      message: expect.stringMatching(/answered nothing: no answer \(ECONNREFUSED\)/),
    });
    sentry = await startSentryDouble();
  });
});
