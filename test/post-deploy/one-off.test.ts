import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { runOneOff, type OneOffRequest } from '../../src/post-deploy/one-off.ts';
import { FakeOneOffApi, type OneOffScript } from './one-off-fake.ts';

const request = (command: string, timeoutMs = 60_000): OneOffRequest => ({
  app: 'shop',
  command,
  size: 'M',
  env: {},
  timeoutMs,
});

async function runOne(script: OneOffScript, options: { timeoutMs?: number; cutDetectionMs?: number } = {}) {
  const api = new FakeOneOffApi({ cmd: script });
  const logger = new MemoryLogger();
  const lines: string[] = [];
  const outcome = await runOneOff(api, request('cmd', options.timeoutMs), {
    logger,
    onOutput: (line) => lines.push(line),
    cutDetectionMs: options.cutDetectionMs ?? 200,
  });
  return { api, logger, lines, outcome };
}

describe('runOneOff', () => {
  it('follows run -> operation -> attach -> wait and returns the real exit code', async () => {
    const { api, lines, outcome } = await runOne({ output: ['a\r\nb'], exitCode: 7 });
    expect(api.calls).toEqual(['run cmd', 'operation cmd', 'attach cmd', 'wait cmd']);
    expect(lines).toEqual(['a', 'b']);
    expect(outcome).toMatchObject({ status: 'failed', exitCode: 7, streamCut: false });
    expect(outcome.message).toBeUndefined();
  });

  it('ends the stdin of the attached command, since a CI job has none to give', async () => {
    const { api, outcome } = await runOne({ output: ['done\n'], exitCode: 0 });
    expect(api.inputEnded).toEqual(['cmd']);
    expect(outcome.status).toBe('ok');
  });

  it('counts a clean close as a cut when /wait shows the process outlived it', async () => {
    const { logger, outcome } = await runOne(
      { output: ['partial\n'], waitDelayMs: 600, exitCode: 0 },
      { cutDetectionMs: 50 },
    );
    expect(outcome).toMatchObject({ status: 'ok', exitCode: 0, streamCut: true });
    expect(logger.lines).toContainEqual({
      level: 'warning',
      message: expect.stringMatching(/ended while the command was still running/),
    });
  });

  it('does not call a clean close a cut when /wait answers promptly', async () => {
    const { logger, outcome } = await runOne({ exitCode: 0 });
    expect(outcome).toMatchObject({ status: 'ok', streamCut: false });
    expect(logger.lines.filter((l) => l.level === 'warning')).toEqual([]);
  });

  it('on timeout closes the attachment, stops the container, and reports no exit code', async () => {
    const { api, outcome, lines } = await runOne({ hang: true, output: ['working\n', 'half a li'] }, { timeoutMs: 40 });
    expect(outcome).toMatchObject({ status: 'timeout', exitCode: null });
    // The unfinished last line still reaches the log before the verdict.
    expect(lines).toEqual(['working', 'half a li']);
    expect(api.calls.filter((c) => c.startsWith('stop'))).toEqual(['stop ct-1']);
  });

  it('stops a container whose start request was still in flight at the deadline', async () => {
    const api = new FakeOneOffApi({ cmd: { hang: true } });
    const run = api.oneOff.run;
    api.oneOff.run = async (app, params) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return run(app, params);
    };
    const outcome = await runOneOff(api, request('cmd', 30), { logger: new MemoryLogger() });
    expect(outcome.status).toBe('timeout');
    expect(api.calls).toEqual(['run cmd', 'stop ct-1']);
  });

  it('fails without attaching when the operation carries no attach URL', async () => {
    const api = new FakeOneOffApi({ cmd: {} });
    const waitDone = api.operations.waitDone;
    api.operations.waitDone = async (...args) => ({ ...(await waitDone(...args)), start_one_off_data: undefined });
    const outcome = await runOneOff(api, request('cmd'), { logger: new MemoryLogger() });
    expect(outcome).toMatchObject({
      status: 'failed',
      exitCode: null,
      message: expect.stringMatching(/without giving an attach URL/),
    });
    expect(api.calls).not.toContain('attach cmd');
  });

  it('stops a started container it could not attach to, and says why it failed', async () => {
    const api = new FakeOneOffApi({ cmd: {} });
    api.oneOff.attach = async () => {
      throw Object.assign(new Error('Scalingo refused to attach to the one-off container (409: already attached).'), {
        userFacing: true,
      });
    };
    const outcome = await runOneOff(api, request('cmd'), { logger: new MemoryLogger() });
    expect(outcome).toMatchObject({
      status: 'failed',
      exitCode: null,
      message: 'It could not run: Scalingo refused to attach to the one-off container (409: already attached).',
    });
    expect(api.calls).toEqual(['run cmd', 'operation cmd', 'stop ct-1']);
  });
});
