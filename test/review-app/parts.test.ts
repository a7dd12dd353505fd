// The review app's small rules, one table each: its name, its addon specs, its variables, the
// pull request read from the event, and the comment's marker.
import { describe, expect, it } from 'vitest';
import { parseAddonSpecs } from '../../src/review-app/addons.ts';
import { COMMENT_MARKER, renderComment } from '../../src/review-app/comment.ts';
import { readPullRequestEvent } from '../../src/review-app/event.ts';
import { MAX_CHILD_APP_NAME, pullRequestOfName, reviewAppName } from '../../src/review-app/naming.ts';
import { renderEnv } from '../../src/review-app/variables.ts';
import type { RunContext } from '../../src/shared/context.ts';

describe('reviewAppName', () => {
  it.each([
    ['my-app-staging', 42, 'my-app-staging-pr42'],
    ['shop', 1, 'shop-pr1'],
    ['a-very-long-parent-application-name', 42, /^a-very-long-parent-app-[0-9a-f]{4}-pr42$/],
    ['a-very-long-parent-application-name-2', 42, /^a-very-long-parent-app-[0-9a-f]{4}-pr42$/],
  ])('%s #%i → %s', (parent, number, expected) => {
    const name = reviewAppName(parent, number);
    expect(name.length).toBeLessThanOrEqual(MAX_CHILD_APP_NAME);
    if (typeof expected === 'string') expect(name).toBe(expected);
    else expect(name).toMatch(expected);
    expect(pullRequestOfName(parent, name)).toBe(number);
  });

  it('keeps two long parents sharing a prefix apart', () => {
    const one = reviewAppName('a-very-long-parent-application-name', 7);
    const two = reviewAppName('a-very-long-parent-application-name-2', 7);
    expect(one).not.toBe(two);
  });

  it.each([
    ['shop', 'shop-worker'],
    ['shop', 'shop-pr'],
    ['shop', 'other-pr4'],
    ['shop', 'shop-staging-pr4'],
  ])('%s: %s is not one of its review apps', (parent, name) => {
    expect(pullRequestOfName(parent, name)).toBeUndefined();
  });
});

describe('parseAddonSpecs', () => {
  it.each([
    [['postgresql:postgresql-starter-512'], [{ provider: 'postgresql', plan: 'postgresql-starter-512' }]],
    [
      ['postgresql:postgresql-starter-512, redis:redis-starter-128'],
      [
        { provider: 'postgresql', plan: 'postgresql-starter-512' },
        { provider: 'redis', plan: 'redis-starter-128' },
      ],
    ],
    [[], []],
  ])('%j → %j', (lines, specs) => {
    expect(parseAddonSpecs('addons', lines)).toEqual(specs);
  });

  it.each(['postgresql', 'postgresql:', ':plan', 'a:b:c', 'Postgres:Plan', 'pg; rm -rf /:x'])(
    "'%s' is an input error naming addons",
    (entry) => {
      expect(() => parseAddonSpecs('addons', [entry])).toThrow(/^Input 'addons': .* is not provider:plan/);
    },
  );
});

describe('renderEnv', () => {
  it('puts in the review app name, host, URL and pull request number', () => {
    expect(
      renderEnv(
        {
          HOSTS: '%APP_HOST%,localhost',
          URL: '%APP_URL%/x',
          NAME: '%APP_NAME%',
          PR: 'pr-%PR_NUMBER%',
          KEEP: '%OTHER%',
        },
        { name: 'shop-pr4', url: 'https://shop-pr4.osc-fr1.scalingo.io', pullRequest: 4 },
      ),
    ).toEqual({
      HOSTS: 'shop-pr4.osc-fr1.scalingo.io,localhost',
      URL: 'https://shop-pr4.osc-fr1.scalingo.io/x',
      NAME: 'shop-pr4',
      PR: 'pr-4',
      KEEP: '%OTHER%',
    });
  });
});

const context = (eventName: string, payload: Record<string, unknown>) => ({ eventName, payload }) as RunContext;
const pull = (over: Record<string, unknown> = {}) => ({
  number: 4,
  title: 'Cart',
  html_url: 'https://github.com/acme/shop/pull/4',
  user: { login: 'alice', type: 'User' },
  head: { sha: 'a'.repeat(40), ref: 'cart', repo: { full_name: 'acme/shop' } },
  base: { repo: { full_name: 'acme/shop' } },
  ...over,
});

describe('readPullRequestEvent', () => {
  it.each([
    ['opened', 'up'],
    ['synchronize', 'up'],
    ['reopened', 'up'],
    ['labeled', 'up'],
    ['closed', 'down'],
    ['edited', 'ignore'],
    ['assigned', 'ignore'],
  ])('%s → %s', (action, expected) => {
    expect(readPullRequestEvent(context('pull_request', { action, pull_request: pull() }))?.action).toBe(expected);
  });

  it.each([
    ['the same repository', { repo: { full_name: 'acme/shop' } }, false],
    ['a fork', { repo: { full_name: 'mallory/shop' } }, true],
    ['a deleted fork', { repo: null }, true],
  ])('a head in %s: fromFork %s', (_what, head, fromFork) => {
    const payload = { action: 'opened', pull_request: pull({ head: { sha: 'a'.repeat(40), ref: 'x', ...head } }) };
    expect(readPullRequestEvent(context('pull_request_target', payload))?.fromFork).toBe(fromFork);
  });

  it.each([
    [{ login: 'dependabot[bot]', type: 'Bot' }, true],
    [{ login: 'renovate[bot]', type: 'Bot' }, true],
    [{ login: 'alice', type: 'User' }, false],
  ])('%j is a bot: %s', (user, byBot) => {
    expect(
      readPullRequestEvent(context('pull_request', { action: 'opened', pull_request: pull({ user }) }))?.byBot,
    ).toBe(byBot);
  });

  it('is undefined on another event, even with a pull_request in the payload', () => {
    expect(readPullRequestEvent(context('push', { pull_request: pull() }))).toBeUndefined();
  });
});

describe('renderComment', () => {
  it('carries the marker and escapes what it was told', () => {
    const body = renderComment({
      app: 'shop-pr4',
      status: 'failed',
      repoUrl: 'https://github.com/acme/shop',
      problem: 'Seed said <img src=x onerror=alert(1)>',
      updatedAt: new Date('2026-12-01T10:00:00Z'),
      runUrl: 'https://github.com/acme/shop/actions/runs/1',
    });
    expect(body.endsWith(COMMENT_MARKER)).toBe(true);
    expect(body).not.toContain('<img');
    expect(body).toContain('Updated 2026-12-01 10:00 UTC');
  });
});
