// The release steps in process, against both sandboxes with the real clients: fast to debug, and
// the same journals the e2e tests read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubClient } from '../../src/github/client.ts';
import { releaseToProduction } from '../../src/production/orchestrate.ts';
import type { ProductionParams } from '../../src/production/orchestrate.ts';
import { renderSummary } from '../../src/production/summary.ts';
import { DEFAULT_TAG_PATTERN, parseTagPattern, requireVersion } from '../../src/production/version.ts';
import { ScalingoClient } from '../../src/scalingo/client.ts';
import type { RunContext } from '../../src/shared/context.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { APP, STAGING, indexOf, startProductionWorld, type ProductionWorld } from '../helpers/production-world.ts';

let world: ProductionWorld;
beforeEach(async () => {
  world = await startProductionWorld();
});
afterEach(async () => {
  await world.close();
});

function context(eventName = 'push'): RunContext {
  return {
    owner: 'acme',
    repo: 'shop',
    sha: world.sha.v130,
    ref: 'refs/tags/v1.3.0',
    refName: 'v1.3.0',
    eventName,
    actor: 'alice',
    runId: '77',
    runAttempt: '1',
    serverUrl: 'https://github.com',
    apiUrl: world.github.apiUrl,
    graphqlUrl: world.github.graphqlUrl,
    workspace: '/nonexistent',
    payload: {},
  };
}

async function release(overrides: Partial<ProductionParams> = {}, eventName = 'push') {
  const logger = new MemoryLogger();
  const scalingo = new ScalingoClient({
    apiToken: world.scalingo.apiToken,
    apiUrl: world.scalingo.apiUrl,
    authUrl: world.scalingo.authUrl,
    dbApiUrl: world.scalingo.dbApiUrl,
    logger,
    pollIntervalMs: 20,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  const github = new GitHubClient({
    token: world.github.token,
    apiUrl: world.github.apiUrl,
    graphqlUrl: world.github.graphqlUrl,
    owner: 'acme',
    repo: 'shop',
    logger,
    retry: { baseDelayMs: 5 },
  });
  const pattern = parseTagPattern('tag-pattern', DEFAULT_TAG_PATTERN, false);
  const tag = overrides.tag ?? 'v1.3.0';
  const report = await releaseToProduction(
    { scalingo, github, logger, context: context(eventName), generateNotes: async (t) => `Notes for ${t}` },
    {
      app: APP,
      tag,
      version: requireVersion(pattern, tag),
      pattern,
      force: false,
      stagingApp: STAGING,
      backup: { mode: 'auto', timeoutMs: 30_000, intervalMs: 20 },
      timeoutMs: 60_000,
      environment: 'production',
      rollback: true,
      release: true,
      notifyWebhook: world.webhook.url,
      pollIntervalMs: 200,
      ...overrides,
    },
  );
  return { report, logger, summary: renderSummary(report) };
}

const stepOutcomes = (report: { steps: { name: string; outcome: string }[] }) =>
  report.steps.map((s) => `${s.name}:${s.outcome}`);

describe('releaseToProduction', () => {
  it('guards, backs up, deploys, publishes and notifies, in that order', async () => {
    world.github.addRelease({ tag_name: 'v1.3.0', draft: true, body: '## Features\n- Cart' });
    const { report, summary } = await release({
      postDeploy: { commands: ['echo migrated'] },
      healthCheck: { target: '/healthz', timeoutMs: 5000 },
    });
    expect(report.error).toBeUndefined();
    expect(stepOutcomes(report)).toEqual([
      'guards:success',
      'backup:success',
      'deploy:success',
      'post-deploy:success',
      'health-check:success',
      'rollback:skipped',
      'release:success',
      'notify:success',
    ]);
    const backupCreated = indexOf(world.scalingo, 'POST', /^\/api\/databases\/[^/]+\/backups$/);
    const deploymentCreated = indexOf(world.scalingo, 'POST', /^\/v1\/apps\/shop\/deployments$/);
    expect(backupCreated).toBeGreaterThan(-1);
    expect(deploymentCreated).toBeGreaterThan(backupCreated);
    const draft = world.github.state.releases.find((r) => r.tag_name === 'v1.3.0');
    expect(draft?.draft).toBe(false);
    expect(draft?.body).toMatch(
      /## Features\n- Cart\n\nDeployed to shop \(.*\/web\/shop\) at \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
    expect(world.webhook.received).toHaveLength(1);
    expect(world.webhook.received[0]?.text).toMatch(/v1\.3\.0 released on shop by @alice/);
    expect(summary).toMatch(/Production release v1\.3\.0 to shop: released/);
    expect(summary).toMatch(/production ran: v1\.2\.0/);
  });

  it('a failed backup stops the release before any deployment', async () => {
    world.scalingo.backupScenario(APP, { status: 'error' });
    const before = world.scalingo.app(APP).deployments.length;
    const { report } = await release();
    expect(String(report.error)).toMatch(/backup .* did not complete .*Nothing was deployed/);
    expect(world.scalingo.app(APP).deployments.length).toBe(before);
    expect(stepOutcomes(report)).toEqual([
      'guards:success',
      'backup:failure',
      'deploy:skipped',
      'post-deploy:skipped',
      'health-check:skipped',
      'rollback:skipped',
      'release:skipped',
      'notify:success',
    ]);
    expect(report.steps.slice(2, 7).map((s) => s.detail)).toEqual(
      Array(5).fill('not reached: the backup step stopped the release'),
    );
    expect(world.webhook.received[0]?.text).toMatch(/v1\.3\.0 failed on shop/);
    expect(world.webhook.received[0]?.text).toMatch(/App: http:\/\/127\.0\.0\.1:\d+\/web\/shop/);
  });

  it('a failing post-deploy command rolls back to the previous tag commit and names the backup', async () => {
    const { report, logger } = await release({ postDeploy: { commands: ['echo migrating', 'exit 3'] } });
    expect(report.rolledBack).toBe(true);
    const deployments = world.scalingo.app(APP).deployments;
    expect(deployments.map((d) => d.gitRef)).toEqual(expect.arrayContaining([world.sha.v120, world.sha.v130]));
    expect(report.rollback?.sha).toBe(world.sha.v120);
    const backupId = report.backup?.backups[0]?.backupId;
    expect(backupId).toBeTruthy();
    expect(String((report.error as Error).message)).toMatch(
      new RegExp(`Rolled back: shop runs v1\\.2\\.0 again\\. Database changes .* NOT undone.*${backupId}`),
    );
    expect(logger.lines.some((l) => l.level === 'warning' && l.message.includes('NOT undone'))).toBe(true);
    expect(stepOutcomes(report)).toEqual([
      'guards:success',
      'backup:success',
      'deploy:success',
      'post-deploy:failure',
      'health-check:skipped',
      'rollback:success',
      'release:skipped',
      'notify:success',
    ]);
  });

  it('refuses on a push event the force it may only take from workflow_dispatch', async () => {
    const { report, logger } = await release({ tag: 'v1.2.0', force: true });
    expect(logger.lines).toContainEqual({
      level: 'warning',
      message: expect.stringMatching(/force: true is ignored on a push event/),
    });
    expect(String(report.error)).toMatch(/The version guard refused the release: production already runs v1\.2\.0/);
    expect(world.scalingo.mutations()).toEqual([]);
  });

  it('with rollback off, a failed post-deploy leaves the new version and says so', async () => {
    const { report } = await release({ rollback: false, postDeploy: { commands: ['exit 1'] } });
    expect(report.rolledBack).toBe(false);
    expect(world.scalingo.app(APP).deployments.at(-1)?.gitRef).toBe(world.sha.v130);
    expect(String((report.error as Error).message)).toMatch(
      /shop still runs v1\.3\.0 \(rollback is off\): fix forward or redeploy the previous tag\. The release stays a draft\./,
    );
    expect(report.steps.find((s) => s.name === 'rollback')).toMatchObject({
      outcome: 'skipped',
      detail: 'rollback: false',
    });
  });

  it('a release that cannot be published fails the step, saying production runs the tag', async () => {
    world.github.fault({
      method: 'POST',
      path: '/repos/acme/shop/releases',
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const { report } = await release();
    expect(world.scalingo.app(APP).deployments.at(-1)).toMatchObject({ gitRef: world.sha.v130, status: 'success' });
    expect(String((report.error as Error).message)).toMatch(
      /^Production runs v1\.3\.0, but publishing its GitHub release failed: .*Resource not accessible.*contents: write/,
    );
    expect(report.steps.find((s) => s.name === 'release')?.outcome).toBe('failure');
    expect(world.webhook.received[0]?.text).toMatch(
      /^:rocket: v1\.3\.0 released on shop by @alice\nProduction runs v1\.3\.0, but publishing/,
    );
  });
});
