import { describe, expect, it } from 'vitest';
import { recordGitHubDeployment, type DeploymentRecordGitHub } from '../../src/deploy/github-deployment.ts';
import { GitHubApiError, GitHubPermissionError } from '../../src/github/errors.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';

function fakeGitHub(failures: { create?: Error; status?: Error } = {}) {
  const calls: string[] = [];
  const github: DeploymentRecordGitHub = {
    async createDeployment(d) {
      calls.push(`create ${d.sha} ${d.environment}`);
      if (failures.create) throw failures.create;
      return 7;
    },
    async createDeploymentStatus(id, s) {
      calls.push(`status ${id} ${s.state} ${s.environmentUrl ?? '-'} ${s.logUrl ?? '-'}`);
      if (failures.status) throw failures.status;
    },
  };
  return { github, calls };
}

const params = {
  sha: 'a'.repeat(40),
  environment: 'staging',
  description: 'Deploy',
  productionEnvironment: false,
  logUrl: 'https://github.com/acme/shop/actions/runs/1',
};

describe('recordGitHubDeployment', () => {
  it('creates the deployment, then in_progress and the final status with the app URL', async () => {
    const { github, calls } = fakeGitHub();
    const record = await recordGitHubDeployment({ github, logger: new MemoryLogger() }, params);
    await record.update('success', { environmentUrl: 'https://app.example' });
    expect(record.id).toBe(7);
    expect(calls).toEqual([
      `create ${params.sha} staging`,
      `status 7 in_progress - ${params.logUrl}`,
      `status 7 success https://app.example ${params.logUrl}`,
    ]);
  });

  it('warns about the missing permission on a 403 and records nothing', async () => {
    const { github, calls } = fakeGitHub({
      create: new GitHubPermissionError('POST', '/deployments', 403, 'Resource not accessible by integration'),
    });
    const logger = new MemoryLogger();
    const record = await recordGitHubDeployment({ github, logger }, params);
    await record.update('failure');
    expect(record.id).toBeNull();
    expect(calls).toHaveLength(1);
    expect(logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      expect.stringContaining('`deployments: write`'),
    ]);
  });

  it('stops sending statuses after a 403 on one, with one warning', async () => {
    const { github, calls } = fakeGitHub({ status: new GitHubPermissionError('POST', '/statuses', 403, 'denied') });
    const logger = new MemoryLogger();
    const record = await recordGitHubDeployment({ github, logger }, params);
    await record.update('success');
    expect(calls).toHaveLength(2);
    expect(logger.lines.filter((l) => l.level === 'warning')).toHaveLength(1);
  });

  it('only warns when GitHub fails otherwise', async () => {
    const { github } = fakeGitHub({ create: new GitHubApiError('POST', '/deployments', 502, 'Bad gateway') });
    const logger = new MemoryLogger();
    const record = await recordGitHubDeployment({ github, logger }, params);
    expect(record.id).toBeNull();
    expect(logger.lines.find((l) => l.level === 'warning')?.message).toContain('502');
  });
});
