// GitHub's rate limits, through the bundles: waited out exactly as long as GitHub asks, and a wait
// longer than the step may take refused at once, saying which limit and when it resets.
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { secondaryRateLimitFault } from '../../sandbox/github/rate-limits.ts';
import { runAction, type ActionResult } from '../helpers/run-action.ts';
import type { ProductionWorld } from '../helpers/production-world.ts';
import { startWorld, type DeployWorld } from '../helpers/staging-world.ts';

let gh: GitHubDouble | undefined;
let production: ProductionWorld | undefined;
let staging: DeployWorld | undefined;
afterEach(async () => {
  await gh?.close();
  await production?.close();
  await staging?.close();
  gh = production = staging = undefined;
});

async function repository(): Promise<GitHubDouble> {
  gh = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  gh.git.commit({ 'README.md': 'shop\n' }, 'Initial commit');
  gh.git.tag('v1.0.0');
  gh.git.mergePullRequest({ title: 'feat: add the cart', author: 'alice', strategy: 'squash' });
  return gh;
}

/** release-notes from an empty checkout, so every commit and pull request comes through the API. */
function notes(double: GitHubDouble, timeoutMs = 60_000): Promise<ActionResult> {
  return runAction('release-notes', {
    inputs: { 'github-token': double.token, 'dry-run': 'true' },
    env: {
      GITHUB_API_URL: double.apiUrl,
      GITHUB_GRAPHQL_URL: double.graphqlUrl,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: double.git.head('main'),
      GITHUB_EVENT_NAME: 'push',
    },
    timeoutMs,
  });
}

const errorOf = (r: ActionResult) =>
  r.annotations
    .filter((a) => a.level === 'error')
    .map((a) => a.message)
    .join('\n');

describe('rate limits', () => {
  it('a GraphQL RATE_LIMITED answer is waited out, then the query succeeds', async () => {
    const double = await repository();
    double.rateLimitGraphQL({ times: 1, resetInSeconds: 1 });
    const result = await notes(double);
    expect(result.exitCode, errorOf(result)).toBe(0);
    expect(result.stdout).toMatch(/GitHub's primary rate limit: waiting \d+ s/);
    expect(double.journal.filter((e) => e.limited === 'graphql')).toHaveLength(1);
    expect(result.outputs.body).toContain('add the cart');
  });

  it('a secondary rate limit with retry-after: 61 is honoured in full', { timeout: 150_000 }, async () => {
    const double = await repository();
    double.fault(secondaryRateLimitFault({ path: '/graphql', retryAfter: 61 }));
    const result = await notes(double, 140_000);
    expect(result.exitCode, errorOf(result)).toBe(0);
    // The whole 61 s, not a capped backoff: the wait is GitHub's number, said before it starts.
    expect(result.stdout).toMatch(/GitHub's secondary rate limit: waiting 61 s/);
    const [limited, retried] = double.journal.filter((e) => e.path === '/graphql');
    expect(limited!.status).toBe(403);
    expect(retried!.status).toBe(200);
  });

  it('a wait longer than the step may take fails at once, naming the limit and when it resets', async () => {
    staging = await startWorld();
    staging.github.fault(secondaryRateLimitFault({ path: /\/commits\//, retryAfter: 600, times: Infinity }));
    const result = await staging.run({ ref: 'main', timeout: '30s' });
    expect(result.exitCode).toBe(1);
    const message = errorOf(result);
    expect(message).toMatch(/secondary rate limit asks to wait 600 s/);
    expect(message).toMatch(/until \d\d:\d\d:\d\d UTC/);
    expect(message).not.toMatch(/bug in scalingo-actions/);
    expect(staging.scalingo.mutations()).toEqual([]);
  });
});
