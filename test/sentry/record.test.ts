// The sequence of facts A9 against the Sentry double: new, set-commits, deploy, finalize; what a
// failure at each step leaves to do.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSentryDouble, type SentryDouble } from '../../sandbox/sentry/index.ts';
import { SentryClient } from '../../src/sentry/client.ts';
import { recordSentryRelease, SentryStepError, type SentryReleaseInput } from '../../src/sentry/record.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';

let sentry: SentryDouble;
beforeEach(async () => {
  sentry = await startSentryDouble({ org: 'acme', projects: ['shop'] });
});
afterEach(async () => {
  await sentry.close();
});

const sha = 'a'.repeat(40);
const previous = 'b'.repeat(40);
const input: SentryReleaseInput = {
  name: '1.3.0',
  projects: ['shop'],
  environment: 'production',
  repository: 'acme/shop',
  sha,
  previousSha: previous,
  startedAt: new Date('2026-11-23T19:40:00Z'),
  finishedAt: new Date('2026-11-23T19:42:00Z'),
};
const record = (overrides: Partial<SentryReleaseInput> = {}) =>
  recordSentryRelease(
    new SentryClient({
      baseUrl: sentry.url,
      org: 'acme',
      token: sentry.orgToken,
      logger: new MemoryLogger(),
      secondMs: 1,
    }),
    new MemoryLogger(),
    { ...input, ...overrides },
  );

describe('recordSentryRelease', () => {
  it('matches the linked repository without case and sends the previous commit', async () => {
    sentry.linkRepository('Acme/Shop');
    const done = await record();
    expect(done).toMatchObject({ name: '1.3.0', created: true, commits: 'associated (0 commit(s))' });
    expect(sentry.mutations().map((e) => e.body)).toEqual([
      { version: '1.3.0', projects: ['shop'], dateStarted: '2026-11-23T19:40:00.000Z' },
      { refs: [{ repository: 'Acme/Shop', commit: sha, previousCommit: previous }] },
      { environment: 'production', dateStarted: '2026-11-23T19:40:00.000Z', dateFinished: '2026-11-23T19:42:00.000Z' },
      { dateReleased: '2026-11-23T19:42:00.000Z' },
    ]);
    expect(done.releaseUrl).toBe(`${sentry.url}/organizations/acme/releases/1.3.0/`);
  });

  it('a repository Sentry does not link: the release is recorded without commits', async () => {
    const done = await record();
    expect(done.commits).toBe(
      'not associated: acme/shop is not linked to the Sentry organization acme (Settings > Integrations > GitHub)',
    );
    expect(sentry.mutations().map((e) => e.method)).toEqual(['POST', 'POST', 'PUT']);
  });

  it('refs Sentry refuses (400) are a note, and the deploy and finalize still follow', async () => {
    sentry.linkRepository('acme/shop');
    const done = await record({ sha: 'x'.repeat(65) });
    expect(done.commits).toMatch(/^not associated: \{"refs":/);
    expect(sentry.release('1.3.0')).toMatchObject({ deployCount: 1, dateReleased: '2026-11-23T19:42:00.000Z' });
  });

  it.each([
    ['POST', /\/releases\/$/, 'creating the release', 4, []],
    ['POST', /\/deploys\/$/, 'recording the deploy', 2, ['release 1.3.0 created', expect.stringMatching(/^commits /)]],
    ['PUT', /\/releases\/1\.3\.0\/$/, 'finalizing the release', 1, expect.any(Array)],
  ])('%s %s failing: %s stops, with what is left to do by hand', async (method, path, step, left, done) => {
    sentry.fault({ method, path, status: 400, body: { detail: 'Nope' }, times: method === 'PUT' ? 2 : 1 });
    if (method === 'PUT') sentry.linkRepository('acme/shop');
    const error = (await record().catch((e: unknown) => e)) as SentryStepError;
    expect(error).toBeInstanceOf(SentryStepError);
    expect(error.message).toMatch(new RegExp(`^Sentry: ${step} failed: Sentry API .* answered 400: Nope\\.`));
    expect(error.left).toHaveLength(left);
    expect(error.left.at(-1)).toBe('sentry-cli releases finalize "1.3.0"');
    expect(error.done).toEqual(done);
  });
});
