import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSentryDouble, type SentryDouble } from '../../../sandbox/sentry/index.ts';
import { call, deploysPath, releasePath, releasesPath } from './http.ts';

let sentry: SentryDouble;
let clock: number;

beforeEach(async () => {
  clock = Date.parse('2026-03-02T10:00:00Z');
  sentry = await startSentryDouble({ projects: ['shop', 'web'], now: () => clock });
  await call(sentry, 'POST', releasesPath(), { version: '1.0.0', projects: ['shop', 'web'] });
});
afterEach(async () => {
  await sentry.close();
});

const deploy = (body: Record<string, unknown>, token?: string, version = '1.0.0') =>
  call(sentry, 'POST', deploysPath(version), body, token);

describe('deploys (facts A5)', () => {
  it('creates a deploy (201) with dateFinished defaulting to now', async () => {
    const answer = await deploy({ environment: 'production', name: 'Deploy 42', url: 'https://ci.example/42' });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.any(String),
      environment: 'production',
      dateStarted: null,
      dateFinished: '2026-03-02T10:00:00.000Z',
      name: 'Deploy 42',
      url: 'https://ci.example/42',
    });
    expect(sentry.state.environments).toEqual(['production']);
  });

  it('is not idempotent: each POST adds a deploy and counts in deployCount and lastDeploy', async () => {
    await deploy({ environment: 'staging', dateStarted: '2026-03-02T09:59:00Z' });
    clock += 60_000;
    await deploy({ environment: 'staging' });
    const release = await call(sentry, 'GET', releasePath('1.0.0'));
    expect(release.body).toMatchObject({
      deployCount: 2,
      lastDeploy: { environment: 'staging', dateFinished: '2026-03-02T10:01:00.000Z' },
    });
    expect(sentry.state.deploys).toHaveLength(2);
    const list = await call(sentry, 'GET', deploysPath('1.0.0'));
    expect(list.body.map((d: { dateFinished: string }) => d.dateFinished)).toEqual([
      '2026-03-02T10:01:00.000Z',
      '2026-03-02T10:00:00.000Z',
    ]);
  });

  it('deploys to a subset of the release’s projects', async () => {
    const answer = await deploy({ environment: 'production', projects: ['web'] });
    expect(answer.status).toBe(201);
    expect(sentry.state.deploys[0]?.projects).toEqual(['web']);
  });

  it.each([
    ['no environment', {}, { environment: ['This field is required.'] }],
    ['an environment with a slash', { environment: 'review/pr-1' }, { environment: ['Invalid value for environment'] }],
    [
      'a 65-character environment',
      { environment: 'e'.repeat(65) },
      { environment: ['Ensure this field has no more than 64 characters.'] },
    ],
    [
      'a 65-character name',
      { environment: 'p', name: 'n'.repeat(65) },
      { name: ['Ensure this field has no more than 64 characters.'] },
    ],
    ['an empty projects list', { environment: 'p', projects: [] }, { projects: ['This list may not be empty.'] }],
  ])('answers 400 {field:[msg]} to %s', async (_what, body, expected) => {
    expect(await deploy(body)).toMatchObject({ status: 400, body: expected });
    expect(sentry.state.deploys).toEqual([]);
  });

  it('answers 400 to a project outside the release', async () => {
    sentry.addProject('api');
    const answer = await deploy({ environment: 'production', projects: ['api'] });
    expect(answer.status).toBe(400);
    expect(answer.body.detail.message).toBe('Invalid projects (api) for release 1.0.0');
  });

  it.each([
    ['a missing release', () => sentry.orgToken, '9.9.9'],
    [
      'a token without access to every project of the release',
      () => sentry.addToken({ kind: 'org', projects: ['shop'] }),
      '1.0.0',
    ],
    ['a token without a release scope', () => sentry.addToken({ kind: 'user', scopes: ['event:read'] }), '1.0.0'],
  ])('answers 404, never 403, to %s', async (_what, token, version) => {
    const answer = await deploy({ environment: 'production' }, token(), version);
    expect(answer).toMatchObject({ status: 404, body: { detail: 'The requested resource does not exist' } });
  });
});
