import { describe, expect, it } from 'vitest';
import { orgTokenClaims, readSentryInputs } from '../../src/sentry/inputs.ts';
import { releaseName, releaseProblem } from '../../src/sentry/release-name.ts';
import { Inputs, readerFromMap } from '../../src/shared/inputs.ts';

const DEFAULTS = { environment: 'production', release: '{version}' };
const read = (values: Record<string, string>) => readSentryInputs(new Inputs(readerFromMap(values)), DEFAULTS);
const token = 'sntryu_' + 'a'.repeat(64);
const base = { 'sentry-auth-token': token, 'sentry-org': 'acme', 'sentry-project': 'shop' };
const orgToken = (claims: object) => `sntrys_${Buffer.from(JSON.stringify(claims)).toString('base64')}_secretpart`;

describe('readSentryInputs', () => {
  it('is off without a token; other Sentry inputs then say why (a run without secrets must not fail)', () => {
    expect(read({})).toEqual({});
    expect(read({ 'sentry-org': 'acme', 'sentry-watch': '10m' })).toEqual({
      note: 'sentry-org, sentry-watch set but sentry-auth-token is empty: Sentry is skipped.',
    });
  });

  it('defaults: sentry.io, the environment and release name the action gives', () => {
    expect(read(base).sentry).toEqual({
      token,
      baseUrl: 'https://sentry.io',
      org: 'acme',
      projects: ['shop'],
      environment: 'production',
      release: '{version}',
    });
    expect(read({ ...base, 'sentry-project': 'shop, api  worker' }).sentry?.projects).toEqual([
      'shop',
      'api',
      'worker',
    ]);
    expect(read({ ...base, 'sentry-url': 'https://sentry.example.com/' }).sentry?.baseUrl).toBe(
      'https://sentry.example.com',
    );
    expect(read({ ...base, 'sentry-watch': '10m', 'sentry-max-new-issues': '0' }).sentry).toMatchObject({
      watchMs: 600_000,
      maxNewIssues: 0,
    });
  });

  it('an organization token brings its server and organization (sentry-cli reads them the same way)', () => {
    const t = orgToken({
      iat: 1,
      url: 'https://sentry.example.com',
      region_url: 'https://sentry.example.com',
      org: 'acme',
    });
    expect(orgTokenClaims(t)).toEqual({ url: 'https://sentry.example.com', org: 'acme' });
    expect(read({ 'sentry-auth-token': t, 'sentry-project': 'shop' }).sentry).toMatchObject({
      baseUrl: 'https://sentry.example.com',
      org: 'acme',
    });
    // Given inputs win over the token's.
    expect(read({ 'sentry-auth-token': t, 'sentry-project': 'shop', 'sentry-org': 'other' }).sentry?.org).toBe('other');
    expect(orgTokenClaims('sntrys_not-base64-json_x')).toEqual({});
  });

  it.each([
    [{ 'sentry-org': '' }, /Input 'sentry-org': is required with sentry-auth-token/],
    [{ 'sentry-org': 'ac/me' }, /Input 'sentry-org': 'ac\/me' is not an organization slug/],
    [{ 'sentry-project': '' }, /Input 'sentry-project': is required/],
    [{ 'sentry-project': 'shop ../x' }, /Input 'sentry-project': '..\/x' is not a project slug/],
    [{ 'sentry-url': 'http://sentry.example.com' }, /Input 'sentry-url': would send the Sentry token over plain http/],
    [
      { 'sentry-url': 'https://example.com/sentry/' },
      /Input 'sentry-url': .* has a path\. Give the root of the Sentry server/,
    ],
    [{ 'sentry-url': 'https://user:pw@sentry.io' }, /contains a user name or password/],
    [{ 'sentry-environment': 'prod/eu' }, /Input 'sentry-environment': 'prod\/eu' is not a Sentry environment name/],
    [{ 'sentry-release': 'shop@{release}' }, /Input 'sentry-release': '\{release\}' is not a placeholder/],
    [{ 'sentry-release': 'shop/{version}' }, /Input 'sentry-release': may not contain slashes/],
    [{ 'sentry-release': 'latest' }, /Input 'sentry-release': 'latest' is reserved by Sentry/],
    [{ 'sentry-watch': '2h' }, /Input 'sentry-watch': '2h' is a duration longer than 1h00m00s/],
    [{ 'sentry-watch': '0s' }, /Input 'sentry-watch': '0s' is zero/],
    [{ 'sentry-max-new-issues': '3' }, /Input 'sentry-max-new-issues': is set without sentry-watch/],
    [
      { 'sentry-watch': '5m', 'sentry-max-new-issues': '-1' },
      /Input 'sentry-max-new-issues': '-1' is not a whole number/,
    ],
  ])('refuses %j', (values, message) => {
    expect(() => read({ ...base, ...values })).toThrow(message);
  });

  it('never echoes the token in an error', () => {
    expect(() => read({ ...base, 'sentry-url': 'http://sentry.example.com' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(token) }),
    );
  });
});

describe('release names', () => {
  it.each([
    ['{version}', '1.3.0'],
    ['shop@{version}', 'shop@1.3.0'],
    ['{tag}-{sha}', `v1.3.0-${'c'.repeat(40)}`],
  ])('%s -> %s', (template, name) => {
    expect(releaseName(template, { version: '1.3.0', tag: 'v1.3.0', sha: 'c'.repeat(40) })).toBe(name);
  });

  it.each([['a'.repeat(201)], [''], ['..'], ['a\tb']])('%j breaks Sentry’s rules', (name) => {
    expect(releaseProblem(name)).toEqual(expect.any(String));
  });
});
