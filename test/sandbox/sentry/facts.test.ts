// The Sentry double checked against the facts it follows (/work/shared/api-facts-release-aftercare.md,
// part A): one request per status code and body shape of A2–A7, in the order a release goes through them.
// Rows share one double and run in order: each builds on the state the previous ones left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSentryDouble, type SentryDouble } from '../../../sandbox/sentry/index.ts';
import { issues, rows, V, type Who } from './facts-table.ts';
import { call, releasePath } from './http.ts';

let sentry: SentryDouble;
let tokens: Record<Who, string | null>;
beforeAll(async () => {
  sentry = await startSentryDouble({ projects: ['shop', 'web'], repositories: ['acme/shop'] });
  tokens = {
    org: sentry.orgToken,
    user: sentry.userToken,
    none: null,
    bad: 'sntrys_bad_token',
    'shop-only': sentry.addToken({ kind: 'org', projects: ['shop'] }),
    'web-only': sentry.addToken({ kind: 'org', projects: ['web'] }),
  };
});
afterAll(async () => {
  await sentry.close();
});

describe('the Sentry double against facts A2–A7', () => {
  it.each(rows)('%s: %s %s', async (_fact, method, path, body, who, status, shape) => {
    const answer = await call(sentry, method, path, body, tokens[who]);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject(shape as object);
  });

  it('A6/A7 issue fields, count a string, and newGroups once an issue appears in the release', async () => {
    sentry.addIssue({ project: 'web', title: 'KeyError', firstRelease: V, count: 7 });
    const list = await call(sentry, 'GET', issues, undefined, sentry.userToken);
    expect(list.body).toEqual([
      expect.objectContaining({ title: 'KeyError', count: '7', project: expect.objectContaining({ slug: 'web' }) }),
    ]);
    expect(list.headers.get('link')).toMatch(/rel="next"; results="false"; cursor="/);
    expect((await call(sentry, 'GET', releasePath(V))).body.newGroups).toBe(1);
  });

  it('A7 409 conflict {"detail": …} (commits being processed; scripted: the double fetches at once)', async () => {
    sentry.fault({
      method: 'PUT',
      path: releasePath(V),
      status: 409,
      body: { detail: 'Release commits are currently being processed' },
    });
    const answer = await call(sentry, 'PUT', releasePath(V), {
      refs: [{ repository: 'acme/shop', commit: 'd'.repeat(40) }],
    });
    expect(answer).toMatchObject({ status: 409, body: { detail: 'Release commits are currently being processed' } });
  });

  it('A7 429 rate limited: detail body and X-Sentry-Rate-Limit-* headers', async () => {
    sentry.fault({ path: releasePath(V), status: 429 });
    const answer = await call(sentry, 'GET', releasePath(V));
    expect(answer.status).toBe(429);
    expect(answer.body.detail).toMatch(
      /^You are attempting to use this endpoint too frequently\. Limit is \d+ requests in \d+ seconds$/,
    );
    for (const h of ['limit', 'remaining', 'reset', 'concurrentlimit', 'concurrentremaining'])
      expect(answer.headers.get(`x-sentry-rate-limit-${h}`)).toMatch(/^\d+$/);
  });

  it('covers every status code the facts list in A7', () => {
    const covered = new Set([...rows.map((r) => r[5]), 409, 429]);
    for (const code of [200, 201, 208, 400, 401, 403, 404, 409, 429]) expect(covered).toContain(code);
  });
});
