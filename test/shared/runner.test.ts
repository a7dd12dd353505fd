import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as runner from '../../src/shared/runner.ts';

let dir: string;
let stdout: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-test-'));
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('runner', () => {
  it('reads inputs the way the runner names them, trimmed', () => {
    expect(runner.getInput('api-token', { 'INPUT_API-TOKEN': '  tk-us-x \n' })).toBe('tk-us-x');
    expect(runner.getInput('post deploy', { INPUT_POST_DEPLOY: 'a' })).toBe('a');
    expect(runner.getInput('missing', {})).toBe('');
  });

  it('writes outputs as heredocs whose delimiter the value cannot end early', () => {
    const file = join(dir, 'output');
    writeFileSync(file, '');
    vi.stubEnv('GITHUB_OUTPUT', file);
    runner.setOutput('body', 'line 1\nEOF\nline 3');
    runner.setOutput('count', 3);
    const text = readFileSync(file, 'utf8');
    const blocks = [...text.matchAll(/^([\w-]+)<<(ghadelimiter_[0-9a-f-]{36})\n([\s\S]*?)\n\2\n/gm)].map((m) => [
      m[1],
      m[3],
    ]);
    expect(blocks).toEqual([
      ['body', 'line 1\nEOF\nline 3'],
      ['count', '3'],
    ]);
  });

  it('escapes command data so a message cannot start a second command', () => {
    runner.error('first\n::add-mask::x 100%');
    runner.setSecret('s3cr3t');
    expect(stdout.join('')).toBe('::error::first%0A::add-mask::x 100%25\n::add-mask::s3cr3t\n');
  });

  it('closes a log group even when its body throws', async () => {
    await expect(runner.group('Build log', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(stdout.join('')).toBe('::group::Build log\n::endgroup::\n');
  });

  it('fails the step with exit code 1 and an error annotation', () => {
    runner.setFailed('Input app: is required');
    expect(process.exitCode).toBe(1);
    expect(stdout.join('')).toBe('::error::Input app: is required\n');
  });

  it('appends markdown to the job summary', () => {
    const file = join(dir, 'summary');
    writeFileSync(file, '# before\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', file);
    runner.appendSummary('| a |\n| - |');
    expect(readFileSync(file, 'utf8')).toBe('# before\n| a |\n| - |\n');
  });
});
