// The post-deploy bundle run as the runner runs it, against the sandbox where each one-off is a
// real local `sh -c` process: real output, real exit codes, real timeouts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, runAction, type ActionResult } from '../helpers/run-action.ts';
import { startSandbox, type Sandbox } from '../../sandbox/scalingo/index.ts';
import { shellQuote } from '../../src/post-deploy/wrapper.ts';

let sandbox: Sandbox;
let appCount = 0;

beforeAll(async () => {
  if (!existsSync(bundlePath('post-deploy')))
    execFileSync(process.execPath, ['scripts/build.mjs', 'post-deploy'], { stdio: 'inherit' });
  // TTY line endings (\r\n) on the attach socket, as Scalingo sends them.
  sandbox = await startSandbox({ oneOffTty: true });
});
afterAll(async () => {
  await sandbox?.close();
});

/** A fresh app per test, so journals and scenarios never mix. */
function newApp(): string {
  const name = `shop-staging-${++appCount}`;
  sandbox.createApp(name, { variables: { DJANGO_SETTINGS_MODULE: 'shop.settings' } });
  return name;
}

async function postDeploy(app: string, inputs: Record<string, string>): Promise<ActionResult> {
  const result = await runAction('post-deploy', {
    inputs: {
      app,
      'api-token': sandbox.apiToken,
      'api-url': sandbox.apiUrl,
      'auth-url': sandbox.authUrl,
      'db-api-url': sandbox.dbApiUrl,
      ...inputs,
    },
    timeoutMs: 90_000,
  });
  expectSecretKept(result, sandbox.apiToken);
  return result;
}

/**
 * The token is handed to the runner to mask (`::add-mask::`, a command the runner consumes and never
 * shows) before anything else, and appears nowhere else: not in the log, outputs or summary.
 */
function expectSecretKept(result: ActionResult, secret: string): void {
  expect(result.stdout.split('\n')[0]).toBe(`::add-mask::${secret}`);
  expect(result.everything.replace(/^::add-mask::.*$/gm, '')).not.toContain(secret);
}

const runs = (app: string) => sandbox.journal.filter((e) => e.method === 'POST' && e.path === `/v1/apps/${app}/run`);
const results = (r: ActionResult) =>
  JSON.parse(r.outputs.results ?? 'null') as {
    command: string;
    exitCode: number | null;
    durationSeconds: number;
    status: string;
  }[];
const errors = (r: ActionResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);

/** The log lines shown inside the n-th log group (the runner consumes ::debug:: and ::add-mask::). */
function groupLines(stdout: string, n: number): string[] {
  const groups = stdout.split(/^::group::.*$/m).slice(1);
  const lines = (groups[n] ?? '').split('::endgroup::')[0]!.split('\n').slice(1, -1);
  return lines.filter((line) => !/^::(debug|add-mask)::/.test(line));
}

const attaches = (app: string) => {
  const paths = sandbox.app(app).oneOffs.map((o) => `/v1/one-off/attach/${o.containerId}`);
  return sandbox.journal.filter((e) => e.method === 'CONNECT' && paths.includes(e.path) && e.status === 200);
};
const runCommand = (app: string, i = 0) => (runs(app)[i]!.body as { command: string }).command;

/** The two ways to run a step's commands: one container for all (the default), or one each. */
const MODES = [
  ['in one container', {}],
  ['with isolate: true', { isolate: 'true' }],
] as const;

describe('post-deploy action', () => {
  it('runs every command in order in one one-off, with the app’s variables plus env, reporting each exit code', async () => {
    const app = newApp();
    const commands = [
      'echo "migrate with $DJANGO_SETTINGS_MODULE"',
      'echo "permissions for $TENANT"',
      'echo sessions cleared',
    ];
    const r = await postDeploy(app, {
      commands: `${commands[0]}\n\n# a comment\n${commands[1]}\n${commands[2]}`,
      env: 'TENANT=acme',
      size: 'L',
    });
    expect(r.exitCode).toBe(0);
    expect(results(r).map(({ durationSeconds, ...rest }) => rest)).toEqual(
      commands.map((command) => ({ command, exitCode: 0, status: 'ok' })),
    );
    // The first command's time includes the container's start, as a one-off of its own would.
    expect(results(r)[0]!.durationSeconds).toBeGreaterThan(0);
    expect(results(r).every((c) => c.durationSeconds >= 0)).toBe(true);
    expect(r.outputs['failed-command']).toBe('');
    expect(groupLines(r.stdout, 0)).toEqual(['migrate with shop.settings']);
    expect(groupLines(r.stdout, 1)).toEqual(['permissions for acme']);
    expect(groupLines(r.stdout, 2)).toEqual(['sessions cleared']);
    // One start, one attach: the container boots once for the three commands.
    expect(runs(app).map((e) => e.body)).toEqual([
      expect.objectContaining({ size: 'L', env: { TENANT: 'acme' }, detached: false }),
    ]);
    for (const command of commands) expect(runCommand(app)).toContain(shellQuote(command));
    expect(attaches(app)).toHaveLength(1);
    // The markers between the commands never reach the log.
    expect(r.stdout).not.toContain('[scalingo-actions');
    expect(r.summary).toContain('| 3 | `echo sessions cleared` | 0 |');
    expect(r.summary).toContain('✅ succeeded');
  });

  it('with isolate: true runs each command in its own one-off, as the commands themselves', async () => {
    const app = newApp();
    const r = await postDeploy(app, {
      commands: 'echo "migrate with $DJANGO_SETTINGS_MODULE"\necho "permissions for $TENANT"\necho sessions cleared',
      env: 'TENANT=acme',
      size: 'L',
      isolate: 'true',
    });
    expect(r.exitCode).toBe(0);
    expect(groupLines(r.stdout, 1)).toEqual(['permissions for acme']);
    expect(runs(app).map((e) => e.body)).toEqual([
      expect.objectContaining({
        command: 'echo "migrate with $DJANGO_SETTINGS_MODULE"',
        size: 'L',
        env: { TENANT: 'acme' },
        detached: false,
      }),
      expect.objectContaining({ command: 'echo "permissions for $TENANT"' }),
      expect.objectContaining({ command: 'echo sessions cleared' }),
    ]);
    expect(attaches(app)).toHaveLength(3);
  });

  it.each(MODES)(
    '%s: fails on the second command exiting 3, names it and the code, and never starts the third',
    async (mode, inputs) => {
      const app = newApp();
      const r = await postDeploy(app, { commands: 'echo one\necho two; exit 3\necho three', ...inputs });
      expect(r.exitCode).toBe(1);
      expect(errors(r)).toEqual([
        expect.stringMatching(
          /^Post-deploy command 'echo two; exit 3' exited with code 3\. Not run after it: 'echo three'\.$/,
        ),
      ]);
      expect(r.outputs['failed-command']).toBe('echo two; exit 3');
      expect(results(r).map((c) => [c.exitCode, c.status])).toEqual([
        [0, 'ok'],
        [3, 'failed'],
        [null, 'skipped'],
      ]);
      if (mode === 'in one container') {
        expect(runs(app)).toHaveLength(1);
        expect(sandbox.app(app).oneOffs[0]!.exitCode).toBe(3);
        expect(sandbox.app(app).oneOffs[0]!.output).not.toMatch(/^three\r?$/m);
      } else {
        expect(runs(app).map((e) => (e.body as { command: string }).command)).toEqual(['echo one', 'echo two; exit 3']);
      }
      expect(groupLines(r.stdout, 0)).toEqual(['one']);
      expect(groupLines(r.stdout, 1)).toEqual(['two']);
      expect(r.stdout).not.toMatch(/^three$/m);
      expect(r.summary).toContain('❌ exited with code 3');
      expect(r.summary).toContain('⏭️ not run');
    },
  );

  it('cannot be fooled by output imitating the markers with a guessed nonce: no forged end, no forged exit code', async () => {
    const app = newApp();
    const fake = '[scalingo-actions 0123456789abcdef0123456789abcdef';
    const r = await postDeploy(app, {
      commands: [
        `echo '${fake} end 1 0]'; echo '${fake} start 2]'; printf '%s' '${fake} end 2 0]'; exit 4`,
        'echo second',
      ].join('\n'),
    });
    expect(r.exitCode).toBe(1);
    expect(results(r).map((c) => [c.exitCode, c.status])).toEqual([
      [4, 'failed'],
      [null, 'skipped'],
    ]);
    expect(groupLines(r.stdout, 0)).toEqual([`${fake} end 1 0]`, `${fake} start 2]`, `${fake} end 2 0]`]);
    expect(r.stdout).not.toMatch(/^second$/m);
    expect(errors(r)[0]).toMatch(/exited with code 4\. Not run after it: 'echo second'\.$/);
  });

  it.each(MODES)(
    '%s: with continue-on-error runs the rest, then still fails naming every failed command',
    async (mode, inputs) => {
      const app = newApp();
      const r = await postDeploy(app, { commands: 'exit 2\necho still runs', 'continue-on-error': 'true', ...inputs });
      expect(r.exitCode).toBe(1);
      expect(runs(app)).toHaveLength(mode === 'in one container' ? 1 : 2);
      expect(groupLines(r.stdout, 1)).toEqual(['still runs']);
      expect(results(r).map((c) => c.status)).toEqual(['failed', 'ok']);
      expect(r.outputs['failed-command']).toBe('exit 2');
      expect(errors(r)).toEqual(["Post-deploy command 'exit 2' exited with code 2."]);
    },
  );

  it.each(MODES)('%s: streams 100,000 lines of output without losing or reordering one', async (_mode, inputs) => {
    const app = newApp();
    const r = await postDeploy(app, { commands: 'seq 1 100000\necho after', ...inputs });
    expect(r.exitCode).toBe(0);
    const lines = groupLines(r.stdout, 0);
    expect(lines).toHaveLength(100_000);
    expect(lines.every((line, i) => line === String(i + 1))).toBe(true);
    expect(groupLines(r.stdout, 1)).toEqual(['after']);
    // The TTY's \r\n line endings end lines; none is left over in the log.
    expect(r.stdout).not.toContain('\r');
  });

  it.each(MODES)(
    '%s: gives commands that read stdin end of input, so a prompt ends instead of hanging until the timeout',
    async (_mode, inputs) => {
      const app = newApp();
      const r = await postDeploy(app, {
        commands: 'read answer; echo "answer=[$answer]"; exit 0\ncat; echo cat-done',
        timeout: '20s',
        ...inputs,
      });
      expect(r.exitCode).toBe(0);
      expect(results(r).map((x) => [x.status, x.exitCode])).toEqual([
        ['ok', 0],
        ['ok', 0],
      ]);
      expect(groupLines(r.stdout, 0)).toEqual(['answer=[]']);
      expect(groupLines(r.stdout, 1)).toEqual(['cat-done']);
    },
  );

  it.each(MODES)(
    '%s: stops the container of a command that runs past its timeout, and fails',
    async (_mode, inputs) => {
      const app = newApp();
      const r = await postDeploy(app, { commands: 'echo started; sleep 60\necho next', timeout: '2s', ...inputs });
      expect(r.exitCode).toBe(1);
      expect(errors(r)[0]).toMatch(
        /'echo started; sleep 60' timed out\. It was still running after the timeout of 2s; its container was stopped\. Raise `timeout`/,
      );
      expect(groupLines(r.stdout, 0)).toEqual(['started']);
      const containerId = sandbox.app(app).oneOffs[0]!.containerId;
      expect(
        sandbox.journal.filter(
          (e) => e.method === 'POST' && e.path === `/v1/apps/${app}/containers/${containerId}/stop`,
        ),
      ).toHaveLength(1);
      expect(runs(app)).toHaveLength(1);
      expect(results(r)[0]).toMatchObject({ status: 'timeout', exitCode: null });
      expect(results(r)[1]).toMatchObject({ status: 'skipped', exitCode: null });
      expect(r.summary).toContain('timed out');
    },
  );

  it('in one container: the timeout is each command’s own, and the earlier commands keep their result', async () => {
    const app = newApp();
    const r = await postDeploy(app, {
      // The second alone fits in 2 s, though not after the first's start: each command has its own.
      commands: 'echo one\nsleep 1.5; echo two\nsleep 60\necho four',
      timeout: '2s',
    });
    expect(r.exitCode).toBe(1);
    expect(results(r).map((c) => [c.status, c.exitCode])).toEqual([
      ['ok', 0],
      ['ok', 0],
      ['timeout', null],
      ['skipped', null],
    ]);
    expect(errors(r)[0]).toMatch(
      /^Post-deploy command 'sleep 60' timed out\. It was still running after the timeout of/,
    );
    expect(runs(app)).toHaveLength(1);
    expect(sandbox.app(app).oneOffs[0]!.state).toBe('stopped');
  });

  it('fails with Scalingo’s reason when the start operation ends in error, without attaching', async () => {
    const app = newApp();
    sandbox.oneOffScenario(app, { operationError: 'no capacity left in the region' });
    const r = await postDeploy(app, { commands: 'echo never' });
    expect(r.exitCode).toBe(1);
    expect(errors(r)[0]).toMatch(/'echo never' failed\. It could not run: .*no capacity left in the region/);
    expect(
      sandbox.journal.filter(
        (e) => e.method === 'CONNECT' && e.path.includes(sandbox.app(app).oneOffs[0]!.containerId),
      ),
    ).toEqual([]);
    expect(results(r)[0]).toMatchObject({ status: 'failed', exitCode: null });
  });

  it.each([
    // In one container a close before the command's end marker is a cut at once; alone, the process
    // must outlive the cut by more than the 5 s the action allows /wait after a clean close.
    ['in one container', 'seq 1 5000; exit 5', {}],
    ['with isolate: true', 'seq 1 5000; sleep 6; exit 5', { isolate: 'true' }],
  ])(
    '%s: after the attach socket is cut mid-stream, says so and still reports the exit code /wait gives',
    async (_mode, command, inputs) => {
      const app = newApp();
      sandbox.oneOffScenario(app, { cutAfterBytes: 2000 });
      const r = await postDeploy(app, { commands: command, ...inputs });
      expect(r.exitCode).toBe(1);
      expect(errors(r)[0]).toMatch(
        new RegExp(`^Post-deploy command '${command}' exited with code 5\\. Its output stream was cut`),
      );
      expect(r.annotations).toContainEqual({
        level: 'warning',
        message: expect.stringMatching(
          new RegExp(
            `output stream of '${command}' (ended while the command was still running|was cut before the command ended)`,
          ),
        ),
      });
      const lines = groupLines(r.stdout, 0);
      // What arrived before the cut is printed, in order (the last line may be partial); the rest never came.
      expect(lines.length).toBeGreaterThan(100);
      expect(lines.length).toBeLessThan(5000);
      expect(lines.slice(0, -1).every((line, i) => line === String(i + 1))).toBe(true);
      const containerId = sandbox.app(app).oneOffs[0]!.containerId;
      expect(
        sandbox.journal.filter((e) => e.method === 'GET' && e.path === `/v1/one-off/attach/${containerId}/wait`),
      ).toHaveLength(1);
      expect(results(r)[0]).toMatchObject({ status: 'failed', exitCode: 5 });
      expect(r.summary).toContain('❌ exited with code 5 (output cut)');
    },
  );

  it.each([
    // Killed for inactivity, a shared container's stream ends before the command's end marker.
    ['in one container', { waitStatus: 408 as const, cutAfterBytes: 60 }, {}],
    ['with isolate: true', { waitStatus: 408 as const }, { isolate: 'true' }],
  ])(
    '%s: explains a 408 from /wait: cut for inactivity after 30 minutes without output',
    async (_mode, scenario, inputs) => {
      const app = newApp();
      sandbox.oneOffScenario(app, scenario);
      const r = await postDeploy(app, { commands: 'echo quiet', ...inputs });
      expect(r.exitCode).toBe(1);
      expect(errors(r)[0]).toMatch(
        /'echo quiet' was stopped by Scalingo for inactivity\. .*408.*30 minutes without output/,
      );
      expect(results(r)[0]).toMatchObject({ status: 'killed-inactivity', exitCode: null });
      expect(r.outputs['failed-command']).toBe('echo quiet');
    },
  );

  it('prints output that looks like a workflow command verbatim, fenced so the runner ignores it', async () => {
    const app = newApp();
    const r = await postDeploy(app, { commands: "echo '::error::from the app'; echo '::add-mask::x'" });
    expect(r.exitCode).toBe(0);
    const fenced = [...r.stdout.matchAll(/^::stop-commands::(\S+)\n(.*)\n::(\S+)::$/gm)].map((m) => ({
      open: m[1],
      line: m[2],
      close: m[3],
    }));
    expect(fenced.map((f) => f.line)).toEqual(['::error::from the app', '::add-mask::x']);
    expect(fenced.every((f) => f.open === f.close && f.open!.length >= 32)).toBe(true);
  });

  it('runs the preset’s commands first, then the listed ones', async () => {
    const app = newApp();
    const r = await postDeploy(app, { preset: 'rails', commands: 'echo after', 'continue-on-error': 'true' });
    // No Rails in the sandbox: the preset command runs for real and fails, which proves it ran first.
    const wrapper = runCommand(app);
    expect(wrapper.indexOf(shellQuote('bundle exec rails db:migrate'))).toBeGreaterThan(0);
    expect(wrapper.indexOf(shellQuote('bundle exec rails db:migrate'))).toBeLessThan(
      wrapper.indexOf(shellQuote('echo after')),
    );
    expect(results(r).map((c) => c.status)).toEqual(['failed', 'ok']);
    expect(r.exitCode).toBe(1);
    expect(r.outputs['failed-command']).toBe('bundle exec rails db:migrate');
  });

  it('rides out a 503 while polling the start operation, and never repeats a refused start', async () => {
    const app = newApp();
    sandbox.fault({ method: 'GET', path: new RegExp(`^/v1/apps/${app}/operations/`), status: 503 });
    const ok = await postDeploy(app, { commands: 'echo polled through' });
    expect(ok.exitCode).toBe(0);
    expect(groupLines(ok.stdout, 0)).toEqual(['polled through']);

    sandbox.fault({ method: 'POST', path: `/v1/apps/${app}/run`, status: 503 });
    const refused = await postDeploy(app, { commands: 'echo migrate once' });
    expect(refused.exitCode).toBe(1);
    expect(errors(refused)[0]).toMatch(/^Post-deploy command 'echo migrate once' failed\. It could not run: .*503/);
    // A start is a create: after an error it is not sent again, so a migration never runs twice.
    expect(runs(app).filter((e) => (e.body as { command: string }).command.includes('echo migrate once'))).toHaveLength(
      1,
    );
  });

  it.each([
    ['no commands and no preset', { commands: '\n# nothing\n' }, /Input 'commands': is empty and no preset is set/],
    ['an unknown preset', { preset: 'laravel', commands: 'echo x' }, /Input 'preset': 'laravel' is not a known preset/],
    ['a malformed env line', { commands: 'echo x', env: 'GOOD=1\nNOT A VARIABLE' }, /Input 'env': entry 2 has no '='/],
    ['a bad size', { commands: 'echo x', size: 'XXL' }, /Input 'size': 'XXL' is not a Scalingo container size/],
    ['a bad timeout', { commands: 'echo x', timeout: 'soon' }, /Input 'timeout': 'soon' is not a duration/],
    [
      'a bad continue-on-error',
      { commands: 'echo x', 'continue-on-error': 'maybe' },
      /Input 'continue-on-error': 'maybe' is not a boolean/,
    ],
    ['a bad app name', { app: 'My_App', commands: 'echo x' }, /Input 'app': 'My_App' is not a Scalingo app name/],
    ['a bad isolate', { commands: 'echo x', isolate: 'yes please' }, /Input 'isolate': 'yes please' is not a boolean/],
  ])('refuses %s before starting anything', async (_name, inputs, message) => {
    const app = newApp();
    const before = sandbox.journal.length;
    const r = await postDeploy(app, inputs);
    expect(r.exitCode).toBe(1);
    expect(errors(r)).toEqual([expect.stringMatching(message)]);
    expect(sandbox.journal.slice(before)).toEqual([]);
  });

  it('fails clearly on a refused API token', async () => {
    const app = newApp();
    const r = await runAction('post-deploy', {
      inputs: {
        app,
        'api-token': 'tk-us-wrong',
        'api-url': sandbox.apiUrl,
        'auth-url': sandbox.authUrl,
        'db-api-url': sandbox.dbApiUrl,
        commands: 'echo x',
      },
    });
    expect(r.exitCode).toBe(1);
    expect(errors(r)[0]).toMatch(/rejected the API token/);
    expectSecretKept(r, 'tk-us-wrong');
    expect(runs(app).every((e) => e.status !== 200)).toBe(true);
  });
});
