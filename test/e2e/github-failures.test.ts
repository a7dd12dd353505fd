// GitHub failing, through the bundles: its outages and refusals are reported as GitHub's, with the
// cause and what to do, never as a bug of this project.
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { runAction, type ActionResult } from '../helpers/run-action.ts';
import { startProductionWorld, type ProductionWorld } from '../helpers/production-world.ts';
import type { DeployWorld } from '../helpers/staging-world.ts';

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

describe('GitHub failing is GitHub’s failure', () => {
  it.each([
    [503, { message: 'Service Unavailable' }, /503.*githubstatus/s],
    [403, { message: 'Resource not accessible by integration' }, /403.*permission/s],
  ])('release-notes: a %d names GitHub, the cause and the fix', async (status, body, expected) => {
    const double = await repository();
    double.fault({ path: /\/compare\//, status, body, times: Infinity });
    const result = await notes(double);
    expect(result.exitCode).toBe(1);
    const message = errorOf(result);
    expect(message).toMatch(expected);
    expect(message).toContain(body.message);
    expect(message).not.toMatch(/bug in scalingo-actions/);
  });

  it.each([
    [503, { message: 'Service Unavailable' }, /503.*githubstatus/s],
    [403, { message: 'Resource not accessible by integration' }, /403.*permission/s],
  ])('deploy-production guards: a %d names GitHub, the cause and the fix', async (status, body, expected) => {
    production = await startProductionWorld();
    production.github.fault({ path: /\/tags$/, status, body, times: Infinity });
    const result = await production.run({});
    expect(result.exitCode).toBe(1);
    const message = errorOf(result);
    expect(message).toMatch(expected);
    expect(message).not.toMatch(/bug in scalingo-actions/);
    expect(production.scalingo.mutations()).toEqual([]);
    expect(result.summary).toMatch(/guards \| ❌ failure/);
  });
});
