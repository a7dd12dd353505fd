import { afterEach, describe, expect, it, vi } from 'vitest';
import { followDeployment } from '../../src/deploy/follow.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { FakeScalingo } from './fake-scalingo.ts';

const HOUR = 3_600_000;

function setup() {
  const fake = new FakeScalingo();
  const logger = new MemoryLogger();
  const deployment = fake.addDeployment({ status: 'building', git_ref: 'abc' });
  const follow = (
    options: { streamUrl?: string | undefined; deadline?: number; pollIntervalMs?: number; known?: boolean } = {},
  ) =>
    followDeployment(
      { scalingo: fake.api(), logger },
      {
        app: 'my-app',
        deploymentId: deployment.id,
        streamUrl: 'streamUrl' in options ? options.streamUrl : fake.streamUrl,
        deadline: options.deadline ?? Date.now() + HOUR,
        pollIntervalMs: options.pollIntervalMs ?? HOUR,
        ...(options.known ? { known: { ...deployment } } : {}),
      },
    );
  const printed = () => logger.lines.filter((l) => l.level === 'info').map((l) => l.message);
  return { fake, logger, deployment, follow, printed };
}

const tick = () => new Promise((done) => setTimeout(done, 5));

describe('followDeployment', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls every 10 s while the stream is down, every 30 s while it delivers frames', async () => {
    vi.useFakeTimers();
    const { fake, deployment, follow } = setup();
    const polls = () => fake.calls.filter((c) => c === `deployments.get ${deployment.id}`).length;
    const running = follow({ pollIntervalMs: 10_000 });
    await vi.advanceTimersByTimeAsync(0);
    fake.emit({ type: 'ping' });
    await vi.advanceTimersByTimeAsync(45_000);
    expect(polls()).toBe(1); // the stream is live from the start: the first poll waits until 30 s

    fake.drop(); // at 45 s: the poll due at 60 s comes forward to 55 s, then every 10 s
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls()).toBe(1 + 6);

    fake.setStatus(deployment.id, 'success');
    fake.emit({ type: 'status', deploymentId: deployment.id, status: 'success' });
    expect((await running).status).toBe('success');
  });

  it('ends on the stream status event, prints each log line once and closes the stream', async () => {
    const { fake, deployment, follow, printed } = setup();
    const running = follow();
    await tick();
    fake.emit({ type: 'log', deploymentId: deployment.id, content: '-----> Building\n-----> Installing\n' });
    fake.emit({ type: 'log', deploymentId: 'someone-else', content: 'not ours\n' });
    fake.emit({ type: 'status', deploymentId: deployment.id, status: 'pushing' });
    fake.setStatus(deployment.id, 'success');
    fake.emit({ type: 'status', deploymentId: deployment.id, status: 'success' });
    const result = await running;
    expect(result).toMatchObject({ status: 'success', timedOut: false });
    expect(printed()).toEqual(['-----> Building', '-----> Installing']);
    expect(fake.openStreams).toBe(0);
    expect(fake.calls.filter((c) => c.startsWith('deployments.output'))).toEqual([]);
  });

  it.each([
    ['reads nothing more when the creation answer is known', true, 0],
    ['reads the finished deployment once otherwise', false, 1],
  ])('after a verdict from the stream, %s', async (_what, known, reads) => {
    const { fake, deployment, follow } = setup();
    const running = follow({ known });
    await tick();
    fake.emit({ type: 'log', deploymentId: deployment.id, content: '-----> Building\n' });
    fake.setStatus(deployment.id, 'success');
    fake.emit({ type: 'status', deploymentId: deployment.id, status: 'success' });
    const result = await running;
    expect(result.deployment).toMatchObject({ id: deployment.id, git_ref: 'abc', status: 'success' });
    expect(fake.calls.filter((c) => c.startsWith('deployments.'))).toHaveLength(reads);
  });

  it.each(['build-error', 'crashed-error', 'timeout-error', 'hook-error', 'aborted', 'some-future-error'])(
    'treats %s from the stream as terminal',
    async (status) => {
      const { fake, deployment, follow } = setup();
      const running = follow();
      await tick();
      fake.setStatus(deployment.id, status);
      fake.emit({ type: 'status', deploymentId: deployment.id, status });
      expect((await running).status).toBe(status);
    },
  );

  it('falls back to polling without a stream and prints the log from /output', async () => {
    const { fake, deployment, follow, printed } = setup();
    fake.setStatus(deployment.id, 'build-error');
    fake.outputs.set(deployment.id, 'line 1\nline 2\n');
    const result = await follow({ streamUrl: undefined, pollIntervalMs: 10 });
    expect(result.status).toBe('build-error');
    expect(printed()).toEqual(['line 1', 'line 2']);
    expect(result.log.tail()).toEqual(['line 1', 'line 2']);
  });

  it('gets the verdict from the poll when the stream stays silent', async () => {
    const { fake, deployment, follow } = setup();
    const running = follow({ pollIntervalMs: 20 });
    await tick();
    fake.setStatus(deployment.id, 'crashed-error');
    expect((await running).status).toBe('crashed-error');
  });

  it('skips the replay after a reconnect and fills the gap from /output', async () => {
    const { fake, deployment, follow, printed } = setup();
    const running = follow();
    await tick();
    fake.emit({ type: 'log', deploymentId: deployment.id, content: 'a\nb\n' });
    fake.drop();
    // The reconnected stream replays the log so far, then goes on.
    fake.emit({ type: 'log', deploymentId: deployment.id, content: 'a\nb\nc\n' });
    fake.outputs.set(deployment.id, 'a\nb\nc\nd\n');
    fake.setStatus(deployment.id, 'success');
    fake.emit({ type: 'status', deploymentId: deployment.id, status: 'success' });
    const result = await running;
    expect(printed()).toEqual(['a', 'b', 'c', 'd']);
    expect(result.log.tail(2)).toEqual(['c', 'd']);
  });

  it('stops at the deadline with the last status known, not a verdict', async () => {
    const { fake, deployment, follow } = setup();
    const running = follow({ deadline: Date.now() + 50 });
    await tick();
    fake.emit({ type: 'status', deploymentId: deployment.id, status: 'starting' });
    const result = await running;
    expect(result).toMatchObject({ timedOut: true, status: 'starting' });
    expect(fake.openStreams).toBe(0);
  });
});

describe('followDeployment when the poll learns first', () => {
  it('completes the log from /output after the lines the stream gave', async () => {
    const fake = new FakeScalingo();
    const logger = new MemoryLogger();
    const deployment = fake.addDeployment({ status: 'building' });
    const running = followDeployment(
      { scalingo: fake.api(), logger },
      {
        app: 'my-app',
        deploymentId: deployment.id,
        streamUrl: fake.streamUrl,
        deadline: Date.now() + HOUR,
        pollIntervalMs: 30,
      },
    );
    await tick();
    fake.emit({ type: 'log', deploymentId: deployment.id, content: 'first\n' });
    fake.outputs.set(deployment.id, 'first\nsecond\n');
    fake.setStatus(deployment.id, 'success');
    const result = await running;
    expect(result.status).toBe('success');
    expect(logger.lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual(['first', 'second']);
  });
});
