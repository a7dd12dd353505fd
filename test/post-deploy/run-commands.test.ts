import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/shared/logger.ts';
import {
  describePostDeployFailure,
  resultsJson,
  runPostDeploy,
  type PostDeployOptions,
} from '../../src/post-deploy/run-commands.ts';
import { FakeOneOffApi, type OneOffScript } from './one-off-fake.ts';

function setup(scripts: Record<string, OneOffScript>, options: Partial<PostDeployOptions> = {}) {
  const api = new FakeOneOffApi(scripts);
  const logger = new MemoryLogger();
  const output: string[] = [];
  let now = 0;
  const run = () =>
    runPostDeploy({
      scalingo: api,
      app: 'shop-staging',
      commands: Object.keys(scripts),
      logger,
      onOutput: (line) => output.push(line),
      // Each call of the clock advances 1.5 s, so each command lasts 1.5 s.
      clock: () => (now += 1500),
      isolate: true,
      ...options,
    });
  return { api, logger, output, run };
}

describe('runPostDeploy with isolate: one one-off container per command', () => {
  it('runs every command in order as attached one-offs and collects exit codes and output', async () => {
    const { api, output, run } = setup({
      'python manage.py migrate --noinput': { output: ['Applying shop.0001', '_initial... OK\r\n'] },
      'python manage.py clearsessions': { output: ['done\r\n'] },
    });
    const outcome = await run();
    expect(outcome.failed).toBeUndefined();
    expect(outcome.results).toEqual([
      { command: 'python manage.py migrate --noinput', exitCode: 0, durationSeconds: 1.5, status: 'ok' },
      { command: 'python manage.py clearsessions', exitCode: 0, durationSeconds: 1.5, status: 'ok' },
    ]);
    expect(output).toEqual(['Applying shop.0001_initial... OK', 'done']);
    expect(api.calls).toEqual([
      'run python manage.py migrate --noinput',
      'operation python manage.py migrate --noinput',
      'attach python manage.py migrate --noinput',
      'wait python manage.py migrate --noinput',
      'run python manage.py clearsessions',
      'operation python manage.py clearsessions',
      'attach python manage.py clearsessions',
      'wait python manage.py clearsessions',
    ]);
  });

  it('sends size and env with each start request, defaulting the size to M', async () => {
    const { api, run } = setup({ a: {} }, { env: { DEBUG: '1' } });
    await run();
    expect(api.runs).toEqual([{ app: 'shop-staging', command: 'a', size: 'M', env: { DEBUG: '1' } }]);
    const sized = setup({ a: {} }, { size: 'XL' });
    await sized.run();
    expect(sized.api.runs[0]?.size).toBe('XL');
  });

  it('opens one log group per command, and falls back to logger.info for the output', async () => {
    const api = new FakeOneOffApi({ a: { output: ['from a\n'] }, b: { output: ['from b\n'] } });
    const logger = new MemoryLogger();
    await runPostDeploy({ scalingo: api, app: 'shop', commands: ['a', 'b'], logger, isolate: true });
    const groups = logger.lines.filter((l) => l.level === 'group').map((l) => l.message);
    expect(groups).toEqual(['Post-deploy 1/2: a', 'Post-deploy 2/2: b']);
    const messages = logger.lines.map((l) => l.message);
    expect(messages.indexOf('from a')).toBeGreaterThan(messages.indexOf('Post-deploy 1/2: a'));
    expect(messages.indexOf('from b')).toBeGreaterThan(messages.indexOf('Post-deploy 2/2: b'));
  });

  it('stops at the first non-zero exit: the next commands are skipped, never started', async () => {
    const { api, logger, run } = setup({ migrate: {}, update_permissions: { exitCode: 3 }, clearsessions: {} });
    const outcome = await run();
    expect(logger.lines.filter((l) => /^[✓✗]/.test(l.message)).map((l) => l.message)).toEqual([
      "✓ 'migrate' succeeded after 2s.",
      "✗ 'update_permissions' exited with code 3 after 2s.",
    ]);
    expect(outcome.results.map((r) => [r.command, r.status, r.exitCode])).toEqual([
      ['migrate', 'ok', 0],
      ['update_permissions', 'failed', 3],
      ['clearsessions', 'skipped', null],
    ]);
    expect(outcome.failed?.command).toBe('update_permissions');
    expect(api.runs.map((r) => r.command)).toEqual(['migrate', 'update_permissions']);
    expect(describePostDeployFailure(outcome)).toBe(
      "Post-deploy command 'update_permissions' exited with code 3. Not run after it: 'clearsessions'.",
    );
  });

  it('with continueOnError runs everything and still reports every failure', async () => {
    const { api, run } = setup({ a: { exitCode: 1 }, b: {}, c: { exitCode: 2 } }, { continueOnError: true });
    const outcome = await run();
    expect(api.runs.map((r) => r.command)).toEqual(['a', 'b', 'c']);
    expect(outcome.failed?.command).toBe('a');
    expect(outcome.results.map((r) => r.status)).toEqual(['failed', 'ok', 'failed']);
    expect(describePostDeployFailure(outcome)).toBe(
      "2 post-deploy commands failed: 'a' exited with code 1. 'c' exited with code 2.",
    );
  });

  it('fails a command whose start operation ends in error, with Scalingo’s reason', async () => {
    const { api, run } = setup({ a: { operationError: 'no space left for one-off containers' }, b: {} });
    const outcome = await run();
    expect(outcome.results[0]).toMatchObject({ status: 'failed', exitCode: null });
    expect(describePostDeployFailure(outcome)).toMatch(
      /'a' failed\. It could not run: .*no space left for one-off containers/,
    );
    expect(api.calls).not.toContain('attach a');
    expect(api.runs).toHaveLength(1);
  });

  it('fails a command whose start request is refused', async () => {
    const refused = Object.assign(new Error("Scalingo refused to run a one-off on 'shop' (402: trial ended)"), {
      userFacing: true,
    });
    const { run } = setup({ a: { runError: refused } });
    const outcome = await run();
    expect(describePostDeployFailure(outcome)).toBe(
      `Post-deploy command 'a' failed. It could not run: ${refused.message}`,
    );
  });

  it('reports 408 from /wait as stopped for inactivity, explaining the 30-minute rule', async () => {
    const { run } = setup({ quiet: { inactivity: true } });
    const outcome = await run();
    expect(outcome.results[0]).toMatchObject({ status: 'killed-inactivity', exitCode: null });
    expect(describePostDeployFailure(outcome)).toMatch(
      /'quiet' was stopped by Scalingo for inactivity\. .*408.*30 minutes without output/,
    );
  });

  it('after a cut socket still asks /wait and reports the real exit code, saying the log may be incomplete', async () => {
    const { api, logger, run } = setup({ a: { output: ['partial\n'], cut: true, exitCode: 4 } });
    const outcome = await run();
    expect(api.calls).toContain('wait a');
    expect(outcome.results[0]).toMatchObject({ status: 'failed', exitCode: 4, outputCut: true });
    expect(outcome.results[0]?.message).toMatch(/output stream was cut/);
    expect(logger.lines).toContainEqual({
      level: 'warning',
      message: expect.stringMatching(/output stream of 'a' was cut.*socket hang up/),
    });
  });

  it('after a cut socket whose exit code cannot be read, reports it as cut, never as success', async () => {
    const { run } = setup({
      a: { cut: true, waitError: Object.assign(new Error('attach host unreachable'), { userFacing: true }) },
    });
    const outcome = await run();
    expect(outcome.results[0]).toMatchObject({ status: 'cut', exitCode: null });
    expect(describePostDeployFailure(outcome)).toMatch(
      /'a' ended with an unknown exit code\. Its output stream was cut .*attach host unreachable/,
    );
  });

  it('a cut socket on a command that exits 0 is a success with a note', async () => {
    const { run } = setup({ a: { cut: true, exitCode: 0 } });
    const outcome = await run();
    expect(outcome.failed).toBeUndefined();
    expect(outcome.results[0]).toMatchObject({
      status: 'ok',
      exitCode: 0,
      outputCut: true,
      message: expect.stringMatching(/cut/),
    });
  });

  it('stops the container of a command past its timeout and fails it', async () => {
    const { api, run } = setup({ 'sleep 3600': { output: ['started\n'], hang: true }, after: {} }, { timeoutMs: 50 });
    const outcome = await run();
    expect(outcome.results.map((r) => r.status)).toEqual(['timeout', 'skipped']);
    expect(api.calls).toContain('stop ct-1');
    expect(describePostDeployFailure(outcome)).toMatch(
      /'sleep 3600' timed out\. It was still running after the timeout of 0s; its container was stopped\. Raise `timeout`/,
    );
  });

  it('reports the timeout even when stopping the container fails, and says how to stop it', async () => {
    const api = new FakeOneOffApi({ a: { hang: true } });
    api.oneOff.stop = async () => {
      throw Object.assign(new Error('Scalingo failed to stop'), { userFacing: true });
    };
    const logger = new MemoryLogger();
    const run = runPostDeploy({ scalingo: api, app: 'shop', commands: ['a'], logger, timeoutMs: 30, isolate: true });
    const outcome = await run;
    expect(outcome.results[0]?.status).toBe('timeout');
    expect(logger.lines).toContainEqual({
      level: 'warning',
      message: expect.stringMatching(
        /Could not stop the one-off container ct-1: Scalingo failed to stop\. It may still be running: find it with `scalingo --app shop ps`/,
      ),
    });
  });
});

describe('resultsJson', () => {
  it('has command, exit code, duration in seconds and status for every command', () => {
    expect(
      JSON.parse(
        resultsJson([
          { command: 'a', exitCode: 0, durationSeconds: 2.5, status: 'ok' },
          { command: 'b', exitCode: null, durationSeconds: 0, status: 'skipped', message: 'x' },
        ]),
      ),
    ).toEqual([
      { command: 'a', exitCode: 0, durationSeconds: 2.5, status: 'ok' },
      { command: 'b', exitCode: null, durationSeconds: 0, status: 'skipped' },
    ]);
  });
});
