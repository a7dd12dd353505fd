import { describe, expect, it } from 'vitest';
import { deployCommit, DeployFailedError, type DeployGitHub, type DeployParams } from '../../src/deploy/deploy.ts';
import { ConfigurationError } from '../../src/shared/errors.ts';
import type { RunContext } from '../../src/shared/context.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { FakeScalingo } from './fake-scalingo.ts';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const SIGNED = 'https://codeload.example/acme/shop/legacy.tar.gz/x?token=signature-0123456789abcdef';

const context = { owner: 'acme', repo: 'shop', runId: '99', serverUrl: 'https://github.com' } as RunContext;

function fakeGitHub() {
  const calls: string[] = [];
  return { github: fakeGitHubFor(calls), calls };
}

function fakeGitHubFor(calls: string[]): DeployGitHub {
  const github: DeployGitHub = {
    async tarballUrl(sha) {
      calls.push(`tarball ${sha}`);
      return SIGNED;
    },
    async createDeployment(d) {
      calls.push(`deployment ${d.sha} ${d.environment} production=${d.productionEnvironment}`);
      return 5;
    },
    async createDeploymentStatus(id, s) {
      calls.push(`status ${id} ${s.state}`);
    },
  };
  return github;
}

/** Each created deployment prints a line and ends in `status` on the stream. */
function ending(fake: FakeScalingo, status: string, gitRef?: string) {
  fake.onCreate = (d) => {
    fake.emit({ type: 'log', deploymentId: d.id, content: `-----> building ${d.id}\n` });
    fake.setStatus(d.id, status);
    if (gitRef) fake.deploymentsById.get(d.id)!.git_ref = gitRef;
    fake.emit({ type: 'status', deploymentId: d.id, status });
  };
}

function setup(status = 'success') {
  const fake = new FakeScalingo();
  ending(fake, status);
  const { github, calls } = fakeGitHub();
  const logger = new MemoryLogger();
  const params: DeployParams = {
    app: 'my-app',
    sha: SHA,
    source: { mode: 'archive' },
    timeoutMs: 60_000,
    environment: 'staging',
    githubDeployment: true,
  };
  const deploy = (over: Partial<DeployParams> = {}) =>
    deployCommit({ scalingo: fake.api(), github, logger, context }, { ...params, ...over });
  return { fake, github: calls, logger, deploy };
}

describe('deployCommit', () => {
  it('deploys the SHA from the signed archive, masks it and records the GitHub deployment', async () => {
    const { fake, github, logger, deploy } = setup();
    const result = await deploy();
    expect(result).toMatchObject({
      status: 'success',
      sha: SHA,
      gitRef: SHA,
      appUrl: fake.appUrl,
      githubDeploymentId: 5,
    });
    expect(result.logTail).toEqual([`-----> building ${result.deployment.id}`]);
    expect(fake.calls.filter((c) => c.startsWith('deployments.create'))).toEqual([`deployments.create my-app ${SHA}`]);
    expect(github).toEqual([
      `deployment ${SHA} staging production=false`,
      'status 5 in_progress',
      `tarball ${SHA}`,
      'status 5 success',
    ]);
    expect(logger.masked).toContain(SIGNED);
    expect(logger.masked).toContain('signature-0123456789abcdef');
    expect(logger.masked).not.toContain(SHA);
    expect(fake.openStreams).toBe(0);
  });

  it('throws a DeployFailedError carrying the status and the log tail', async () => {
    const { github, deploy } = setup('hook-error');
    const error = await deploy().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployFailedError);
    expect(error).toBeInstanceOf(ConfigurationError);
    const failed = error as DeployFailedError;
    expect(failed.phase).toBe('deployment');
    expect(failed.result.status).toBe('hook-error');
    expect(failed.message).toMatch(/postdeploy hook[\s\S]*Last 1 lines of the build log:\n-----> building/);
    expect(github.at(-1)).toBe('status 5 failure');
  });

  it('waits for a running deployment before creating its own', async () => {
    const { fake, deploy } = setup();
    const running = fake.addDeployment({ status: 'building', git_ref: 'other' });
    const deploying = deploy();
    await new Promise((done) => setTimeout(done, 20));
    expect(fake.calls.some((c) => c.startsWith('deployments.create'))).toBe(false);
    fake.setStatus(running.id, 'success');
    fake.emit({ type: 'status', deploymentId: running.id, status: 'success' });
    const result = await deploying;
    expect(result.waitedFor.map((d) => d.id)).toEqual([running.id]);
  });

  it('refuses integration without a linked repository before changing anything', async () => {
    const { fake, github, deploy } = setup();
    await expect(deploy({ source: { mode: 'integration', expectSha: true } })).rejects.toThrow(
      /Input 'source': 'integration' needs a repository linked/,
    );
    expect(github).toEqual([]);
    expect(fake.calls).toEqual(['apps.get my-app', 'scmRepoLink.get']);
  });

  it('fails an integration deploy that ran another commit than the SHA asked for', async () => {
    const { fake, deploy } = setup();
    ending(fake, 'success', 'f'.repeat(40));
    fake.link = {
      id: 'l',
      app_id: 'app-1',
      url: 'https://github.com/acme/shop',
      owner: 'acme',
      repo: 'shop',
      branch: 'main',
      scm_type: 'github',
      auto_deploy_enabled: false,
      deploy_review_apps_enabled: false,
    };
    await expect(deploy({ source: { mode: 'integration', expectSha: true } })).rejects.toThrow(
      `Scalingo deployed ${'f'.repeat(40)}`,
    );
    expect(fake.calls).toContain('scmRepoLink.manualDeploy my-app main');
  });

  it('records nothing on GitHub with githubDeployment: false', async () => {
    const { github, deploy } = setup();
    await deploy({ githubDeployment: false });
    expect(github).toEqual([`tarball ${SHA}`]);
  });

  it('creates nothing once the timeout passed while its first requests were kept waiting (a rate limit)', async () => {
    const { fake, github, deploy } = setup();
    const api = fake.api();
    const slow = {
      ...api,
      apps: {
        ...api.apps,
        get: async (app: string) => {
          await new Promise((resolve) => setTimeout(resolve, 80));
          return api.apps.get(app);
        },
      },
    };
    const logger = new MemoryLogger();
    const error = await deployCommit(
      { scalingo: slow, github: fakeGitHubFor(github), logger, context },
      {
        app: 'my-app',
        sha: SHA,
        source: { mode: 'archive' },
        timeoutMs: 50,
        environment: 'staging',
        githubDeployment: true,
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/timeout of .* passed before the deployment could be created/);
    expect(fake.calls.filter((c) => c.startsWith('deployments.create'))).toEqual([]);
    expect(github.at(-1)).toBe('status 5 error');
  });

  it('ends on timeout with phase timeout and a GitHub status error', async () => {
    const { fake, github, deploy } = setup();
    fake.onCreate = () => {};
    const error = (await deploy({ timeoutMs: 50 }).catch((e: unknown) => e)) as DeployFailedError;
    expect(error.phase).toBe('timeout');
    expect(error.message).toContain('still running');
    expect(github.at(-1)).toBe('status 5 error');
  });
});
