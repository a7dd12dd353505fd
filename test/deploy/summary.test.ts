import { describe, expect, it } from 'vitest';
import type { DeployResult } from '../../src/deploy/deploy.ts';
import { renderDeploySummary } from '../../src/deploy/summary.ts';

const SHA = '0123456789abcdef0123456789abcdef01234567';

function result(over: Partial<DeployResult> = {}): DeployResult {
  return {
    app: 'my-app',
    sha: SHA,
    deployment: { id: 'dep-1', app_id: 'a', created_at: '', finished_at: null, status: 'success', git_ref: SHA },
    status: 'success',
    appUrl: 'https://my-app.osc-fr1.scalingo.io',
    gitRef: SHA,
    durationMs: 75_000,
    logTail: ['-----> Build ```odd``` | pipe'],
    githubDeploymentId: 3,
    waitedFor: [],
    ...over,
  };
}

describe('renderDeploySummary', () => {
  it('shows app, commit link, status, duration and URL on success, without the log', () => {
    const md = renderDeploySummary({
      result: result(),
      repoUrl: 'https://github.com/acme/shop',
      environment: 'staging',
    });
    expect(md).toContain('## ✅ Deployed 0123456 to my-app');
    expect(md).toContain(`| Commit | [\`0123456\`](https://github.com/acme/shop/commit/${SHA}) |`);
    expect(md).toContain('| Duration | 1m15s |');
    expect(md).toContain('| URL | https://my-app.osc-fr1.scalingo.io |');
    expect(md).toContain('| GitHub environment | `staging` |');
    expect(md).not.toContain('build log');
  });

  it('on failure explains it and fences the log tail safely', () => {
    const md = renderDeploySummary({
      result: result({ status: 'build-error' }),
      repoUrl: 'https://github.com/acme/shop',
      failure: {
        phase: 'deployment',
        explanation: "Deployment dep-1 ended with status 'build-error'.\nWhat to do: fix it.",
      },
    });
    expect(md).toContain('## ❌ Deploy of 0123456 to my-app failed');
    expect(md).toContain("ended with status 'build-error'.  \nWhat to do: fix it.");
    expect(md).toContain('### Last 1 lines of the build log\n\n````text\n-----> Build ```odd``` | pipe\n````');
  });

  it('names a failed health check after a successful deployment', () => {
    const md = renderDeploySummary({
      result: result(),
      repoUrl: 'https://github.com/acme/shop',
      failure: { phase: 'health-check', explanation: 'Health check failed: x' },
    });
    expect(md).toContain('succeeded, health check failed');
    expect(md).not.toContain('build log');
  });
});
