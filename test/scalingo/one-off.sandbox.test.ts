import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScalingoOperationError } from '../../src/scalingo/errors.ts';
import { expectNoSecretLeaked, startHarness, type Harness } from './sandbox-client.ts';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  h.sandbox.createApp('my-app', { variables: { GREETING: 'hello' } });
});

afterEach(async () => {
  await h.sandbox.close();
});

/** run -> operation -> attach -> output -> /wait, as post-deploy does it. */
async function runCommand(command: string, env?: Record<string, string>) {
  const { container, operationId } = await h.client.oneOff.run('my-app', env ? { command, env } : { command });
  const operation = await h.client.operations.waitDone('my-app', operationId);
  const attachUrl = operation.start_one_off_data!.attach_url;
  const attachment = await h.client.oneOff.attach(attachUrl);
  const output = await text(attachment.output);
  const closed = await attachment.closed;
  const result = await h.client.oneOff.wait(attachUrl);
  return { container, output, closed, result, attachUrl };
}

describe('one-off containers', () => {
  it.each([
    ['echo "$GREETING $WHO"; exit 0', { WHO: 'world' }, 'hello world', 0],
    ['echo failing >&2; exit 3', undefined, 'failing', 3],
  ])('runs %j and returns its output and real exit code', async (command, env, expected, exitCode) => {
    const { container, output, closed, result, attachUrl } = await runCommand(command, env);
    expect(container.type).toBe('one-off');
    expect(output).toContain(expected);
    expect(closed).toEqual({ cut: false });
    expect(result).toEqual({ exitCode });
    const run = h.sandbox.journal.find((e) => e.path === '/v1/apps/my-app/run');
    expect(run?.body).toEqual({ command, env: env ?? {}, size: 'M', detached: false, has_uploads: false });
    const attach = h.sandbox.journal.find((e) => e.method === 'CONNECT');
    expect(attach).toMatchObject({ status: 200, auth: 'basic' });
    expect(h.sandbox.journal.find((e) => e.path.endsWith('/wait'))).toMatchObject({ auth: 'basic', status: 200 });
    expectNoSecretLeaked(h, [attachUrl]);
  });

  it.each([
    ['read answer; echo "answer=[$answer]"; exit 0', 'answer=[]'],
    ['cat; echo after-eof', 'after-eof'],
  ])('endInput() gives %j end of input instead of leaving it waiting', async (command, expected) => {
    const { operationId } = await h.client.oneOff.run('my-app', { command });
    const attachUrl = (await h.client.operations.waitDone('my-app', operationId)).start_one_off_data!.attach_url;
    const attachment = await h.client.oneOff.attach(attachUrl);
    attachment.endInput();
    const output = await text(attachment.output);
    expect(output).toContain(expected);
    expect(await attachment.closed).toEqual({ cut: false });
    expect(await h.client.oneOff.wait(attachUrl)).toEqual({ exitCode: 0 });
  });

  it('reports a one-off killed for inactivity (408 on /wait)', async () => {
    h.sandbox.oneOffScenario('my-app', { waitStatus: 408 });
    const { result } = await runCommand('echo idle');
    expect(result).toEqual({ killedForInactivity: true });
  });

  it('ends the output when the attach socket is cut, and /wait still has the exit code', async () => {
    h.sandbox.oneOffScenario('my-app', { cutAfterBytes: 5 });
    const { output, result } = await runCommand('echo 0123456789; sleep 0.2; exit 4');
    expect(output).toBe('01234');
    expect(result).toEqual({ exitCode: 4 });
  });

  it('fails with the operation error when the container cannot start', async () => {
    h.sandbox.oneOffScenario('my-app', { operationError: 'no capacity left for size M' });
    const { operationId } = await h.client.oneOff.run('my-app', { command: 'true' });
    const error = await h.client.operations.waitDone('my-app', operationId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScalingoOperationError);
    expect((error as Error).message).toBe(
      "Scalingo operation start-one-off on 'my-app' failed: no capacity left for size M.",
    );
  });

  it('never posts /run twice, even after a 503', async () => {
    h.sandbox.fault({ method: 'POST', path: '/v1/apps/my-app/run', status: 503 });
    const error = await h.client.oneOff.run('my-app', { command: 'true' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server', status: 503 });
    expect(h.sandbox.journal.filter((e) => e.path === '/v1/apps/my-app/run')).toHaveLength(1);
  });

  it('refuses a blank command with the 422 rendered', async () => {
    const error = await h.client.oneOff.run('my-app', { command: ' ' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'validation',
      message: "Scalingo rejected the request to start a one-off container on 'my-app': command: can't be blank.",
    });
  });

  it('retries /wait after a 502', async () => {
    const { operationId } = await h.client.oneOff.run('my-app', { command: 'exit 7' });
    const attachUrl = (await h.client.operations.waitDone('my-app', operationId)).start_one_off_data!.attach_url;
    const attachment = await h.client.oneOff.attach(attachUrl);
    await text(attachment.output);
    h.sandbox.fault({ path: `${new URL(attachUrl).pathname}/wait`, status: 502 });
    expect(await h.client.oneOff.wait(attachUrl)).toEqual({ exitCode: 7 });
  });

  it('stops a running container', async () => {
    const { container, operationId } = await h.client.oneOff.run('my-app', { command: 'sleep 30' });
    const attachUrl = (await h.client.operations.waitDone('my-app', operationId)).start_one_off_data!.attach_url;
    const attachment = await h.client.oneOff.attach(attachUrl);
    await h.client.oneOff.stop('my-app', container.id);
    await text(attachment.output);
    expect(h.sandbox.journal.find((e) => e.path === `/v1/apps/my-app/containers/${container.id}/stop`)).toMatchObject({
      status: 202,
    });
  });
});
