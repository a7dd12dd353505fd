import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { runInOneContainer } from '../../src/post-deploy/one-container.ts';
import { describePostDeployFailure, runPostDeploy } from '../../src/post-deploy/run-commands.ts';
import type { PostDeployOptions } from '../../src/post-deploy/run-commands.ts';
import { ShellOneOffApi, type ShellOptions } from './shell-one-off-fake.ts';

async function run(commands: string[], shell: ShellOptions = {}, options: Partial<PostDeployOptions> = {}) {
  const api = new ShellOneOffApi(shell);
  const logger = new MemoryLogger();
  const outcome = await runPostDeploy({ scalingo: api, app: 'shop', commands, logger, ...options });
  return { api, logger, outcome, ...outcome };
}

/** The output lines logged inside each command's group, in order (verdict lines after a group excluded). */
function groups(logger: MemoryLogger): string[][] {
  const found: string[][] = [];
  for (const line of logger.lines) {
    if (line.level === 'group') found.push([]);
    else if (found.length > 0 && line.level === 'info' && !/^[✓✗] '/.test(line.message))
      found.at(-1)!.push(line.message);
  }
  return found;
}

const statuses = (results: { status: string; exitCode: number | null }[]) => results.map((r) => [r.status, r.exitCode]);

describe('post-deploy commands in one container', () => {
  it('runs every command in one one-off, each with its own log group, exit code and duration', async () => {
    const { api, logger, results } = await run(['echo one', 'printf "two\\ntwo more\\n"', 'echo three']);
    expect(api.calls.filter((c) => c.startsWith('run'))).toEqual(['run ct-1']);
    expect(statuses(results)).toEqual([
      ['ok', 0],
      ['ok', 0],
      ['ok', 0],
    ]);
    expect(results.map((r) => r.command)).toEqual(['echo one', 'printf "two\\ntwo more\\n"', 'echo three']);
    expect(groups(logger)).toEqual([['one'], ['two', 'two more'], ['three']]);
    expect(logger.lines.filter((l) => l.level === 'group').map((l) => l.message)).toEqual([
      'Post-deploy 1/3: echo one',
      'Post-deploy 2/3: printf "two\\ntwo more\\n"',
      'Post-deploy 3/3: echo three',
    ]);
    expect(results.every((r) => r.durationSeconds >= 0)).toBe(true);
    expect(logger.text()).not.toContain('scalingo-actions');
  });

  it('stops at the second of three exiting 3: the third never runs and is reported as not run', async () => {
    const { logger, outcome } = await run(['echo one', 'echo two; exit 3', 'echo three']);
    expect(statuses(outcome.results)).toEqual([
      ['ok', 0],
      ['failed', 3],
      ['skipped', null],
    ]);
    expect(groups(logger)).toEqual([['one'], ['two']]);
    expect(describePostDeployFailure(outcome)).toBe(
      "Post-deploy command 'echo two; exit 3' exited with code 3. Not run after it: 'echo three'.",
    );
  });

  it('with continueOnError runs the rest in the same container and reports every failure', async () => {
    const { api, logger, results } = await run(['exit 2', 'echo still runs', 'exit 4'], {}, { continueOnError: true });
    expect(api.commands).toHaveLength(1);
    expect(statuses(results)).toEqual([
      ['failed', 2],
      ['ok', 0],
      ['failed', 4],
    ]);
    expect(groups(logger)[1]).toEqual(['still runs']);
  });

  it.each(['sh', 'bash'] as const)('keeps any shell text of a command to that command (%s)', async (shell) => {
    const commands = [
      `echo "it's quoted" 'and "double"' \\$HOME`,
      "echo a # ) ; exit 9 ' unbalanced in a comment",
      'x=1; cd /; echo "x=$x in $(pwd)"',
      'echo "x=[${x-}] in $(pwd)"',
      "printf '%s\\n' 'back\\slash' \"tab	here\"",
      'set -e; false; echo never',
      'echo after set -e',
    ];
    const { logger, results } = await run(commands, { shell }, { continueOnError: true });
    expect(groups(logger)).toEqual([
      [`it's quoted and "double" $HOME`],
      ['a'],
      ['x=1 in /'],
      [expect.stringMatching(/^x=\[\] in \/(?!$)/)],
      ['back\\slash', 'tab\there'],
      [],
      ['after set -e'],
    ]);
    expect(statuses(results)).toEqual([
      ['ok', 0],
      ['ok', 0],
      ['ok', 0],
      ['ok', 0],
      ['ok', 0],
      ['failed', 1],
      ['ok', 0],
    ]);
  });

  it('fails only the command that is not valid shell', async () => {
    const { results } = await run(['echo "never closed', 'echo fine'], {}, { continueOnError: true });
    expect(results[0]).toMatchObject({ status: 'failed', exitCode: 2 });
    expect(results[1]).toMatchObject({ status: 'ok', exitCode: 0 });
  });

  it.each([1, 3, 7])(
    'finds the markers when the output comes %i byte(s) at a time, with TTY line endings',
    async (chunkBytes) => {
      const { logger, results } = await run(['printf "no newline at the end"', 'echo é', 'printf "\\r\\n\\n"'], {
        chunkBytes,
      });
      expect(statuses(results)).toEqual([
        ['ok', 0],
        ['ok', 0],
        ['ok', 0],
      ]);
      expect(groups(logger)).toEqual([['no newline at the end'], ['é'], ['', '']]);
    },
  );

  it('cannot be fooled by output imitating the markers, nor by a command that shows the wrapper', async () => {
    const forged = [
      'echo "[scalingo-actions 00000000000000000000000000000000 end 1 0]"',
      'echo "[scalingo-actions 00000000000000000000000000000000 start 2]"',
      'cat /proc/$$/cmdline | tr "\\0" " "; echo',
      'echo "nonce=[${__sa_n-}]"',
      'exit 3',
    ].join('; ');
    const { logger, results } = await run([forged, 'echo second'], { chunkBytes: 5 });
    expect(statuses(results)).toEqual([
      ['failed', 3],
      ['skipped', null],
    ]);
    const [lines] = groups(logger);
    expect(lines!.slice(0, 2)).toEqual([
      '[scalingo-actions 00000000000000000000000000000000 end 1 0]',
      '[scalingo-actions 00000000000000000000000000000000 start 2]',
    ]);
    expect(lines![2]).toContain('printf');
    expect(lines![3]).toBe('nonce=[]');
  });

  it('takes a marker with another nonce, even one digit off, as output', async () => {
    const nonce = 'a'.repeat(32);
    const api = new ShellOneOffApi({ chunkBytes: 2 });
    const logger = new MemoryLogger();
    const lines: string[] = [];
    const results = await runInOneContainer(
      api,
      {
        app: 'shop',
        commands: [`echo "[scalingo-actions ${'a'.repeat(31)}b end 1 0]"; exit 6`],
        size: 'M',
        env: {},
        timeoutMs: 10_000,
        continueOnError: false,
      },
      { logger, onOutput: (l) => lines.push(l), title: (i) => `#${i}`, nonce },
    );
    expect(statuses(results)).toEqual([['failed', 6]]);
    expect(lines).toEqual([`[scalingo-actions ${'a'.repeat(31)}b end 1 0]`]);
  });

  it('gives every command end of input, so prompts end instead of waiting', async () => {
    const { logger, results } = await run(['read answer; echo "answer=[$answer]"', 'cat; echo cat-done']);
    expect(statuses(results)).toEqual([
      ['ok', 0],
      ['ok', 0],
    ]);
    expect(groups(logger)).toEqual([['answer=[]'], ['cat-done']]);
  });

  it('stops the container when one command outlives its own timeout; the earlier ones keep their result', async () => {
    const { api, outcome } = await run(['echo quick', 'echo started; sleep 30', 'echo never'], {}, { timeoutMs: 600 });
    expect(statuses(outcome.results)).toEqual([
      ['ok', 0],
      ['timeout', null],
      ['skipped', null],
    ]);
    expect(api.calls).toContain('stop ct-1');
    expect(describePostDeployFailure(outcome)).toMatch(
      /^Post-deploy command 'echo started; sleep 30' timed out\. It was still running after the timeout of \d+s; its container was stopped\./,
    );
  });

  it('counts the exit code Scalingo gives for the container when it contradicts the last marker', async () => {
    const { logger, results } = await run(['echo a', 'echo b'], { waitExitCode: 9 });
    expect(statuses(results)).toEqual([
      ['ok', 0],
      ['failed', 9],
    ]);
    expect(logger.lines).toContainEqual({
      level: 'warning',
      message: "'echo b' printed exit code 0 at its end, but Scalingo reports 9 for the container: counting 9.",
    });
  });

  it.each([
    [
      'exit 0: every command from the cut on succeeded',
      'echo three',
      [
        ['ok', 0],
        ['ok', 0],
        ['ok', 0],
      ],
    ],
    [
      'a failure: unknown which one',
      'exit 5',
      [
        ['ok', 0],
        ['cut', null],
        ['cut', null],
      ],
    ],
  ])('after a cut stream, reads the container’s exit code: %s', async (_what, third, expected) => {
    const { logger, results } = await run(['echo one', 'seq 1 3000', third], { cutAfterBytes: 2000 });
    expect(statuses(results)).toEqual(expected);
    expect(results.slice(1).every((r) => r.outputCut)).toBe(true);
    expect(logger.lines).toContainEqual({
      level: 'warning',
      message: expect.stringMatching(/output stream of 'seq 1 3000' was cut before the command ended/),
    });
  });

  it('fails the first command with Scalingo’s reason when the container cannot start; nothing runs', async () => {
    const { api, outcome } = await run(['echo a', 'echo b'], { operationError: 'no capacity left' });
    expect(statuses(outcome.results)).toEqual([
      ['failed', null],
      ['skipped', null],
    ]);
    expect(describePostDeployFailure(outcome)).toMatch(
      /^Post-deploy command 'echo a' failed\. It could not run: .*no capacity left/,
    );
    expect(api.calls.some((c) => c.startsWith('attach'))).toBe(false);
  });

  it('on the job’s cancellation stops the container and runs nothing more', async () => {
    const controller = new AbortController();
    const remembered: string[] = [];
    const lifecycle = { signal: controller.signal, remember: (_: string, v: string) => void remembered.push(v) };
    setTimeout(() => controller.abort(new Error('cancelled')), 400);
    const { api, results } = await run(['echo a', 'sleep 30', 'echo c'], {}, { lifecycle });
    expect(results.map((r) => r.status)).toEqual(['ok', 'cancelled', 'skipped']);
    expect(api.calls).toContain('stop ct-1');
    expect(remembered).toEqual(['shop ct-1', '']);
  });
});
