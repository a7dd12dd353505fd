import { describe, expect, it } from 'vitest';
import { findRunningDeployments, waitForRunningDeployments } from '../../src/deploy/wait-running.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { FakeScalingo } from './fake-scalingo.ts';

describe('waitForRunningDeployments', () => {
  it('lists only deployments still in progress', async () => {
    const fake = new FakeScalingo();
    fake.addDeployment({ status: 'success' });
    const queued = fake.addDeployment({ status: 'queued' });
    fake.addDeployment({ status: 'build-error' });
    const starting = fake.addDeployment({ status: 'starting' });
    expect((await findRunningDeployments(fake.api(), 'my-app')).map((d) => d.id)).toEqual([starting.id, queued.id]);
  });

  it('returns at once when nothing runs', async () => {
    const fake = new FakeScalingo();
    fake.addDeployment({ status: 'success' });
    const waited = await waitForRunningDeployments(
      { scalingo: fake.api(), logger: new MemoryLogger() },
      { app: 'my-app', streamUrl: fake.streamUrl, deadline: Date.now() + 60_000, timeoutText: '1m' },
    );
    expect(waited).toEqual([]);
    expect(fake.calls).toEqual(['deployments.list']);
  });

  it('waits for the running one without printing its log, and says whose it is', async () => {
    const fake = new FakeScalingo();
    const other = fake.addDeployment({
      status: 'building',
      git_ref: 'v1.4.0',
      pusher: { id: 'us-1', username: 'alice' },
    });
    const logger = new MemoryLogger();
    const waiting = waitForRunningDeployments(
      { scalingo: fake.api(), logger },
      { app: 'my-app', streamUrl: fake.streamUrl, deadline: Date.now() + 60_000, timeoutText: '1m' },
    );
    await new Promise((done) => setTimeout(done, 10));
    fake.emit({ type: 'log', deploymentId: other.id, content: 'their build line\n' });
    fake.setStatus(other.id, 'crashed-error');
    fake.emit({ type: 'status', deploymentId: other.id, status: 'crashed-error' });
    const waited = await waiting;
    expect(waited.map((d) => d.status)).toEqual(['crashed-error']);
    expect(logger.text()).toContain(`Deployment ${other.id} by alice (v1.4.0) is building`);
    expect(logger.text()).not.toContain('their build line');
  });

  it('gives up at the deadline with a message naming the deployment', async () => {
    const fake = new FakeScalingo();
    const other = fake.addDeployment({ status: 'queued' });
    const run = waitForRunningDeployments(
      { scalingo: fake.api(), logger: new MemoryLogger() },
      { app: 'my-app', streamUrl: fake.streamUrl, deadline: Date.now() + 30, timeoutText: '30ms' },
    );
    await expect(run).rejects.toThrow(`Deployment ${other.id} already running on my-app did not finish within 30ms`);
  });
});
