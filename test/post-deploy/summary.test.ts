import { describe, expect, it } from 'vitest';
import { renderPostDeploySummary } from '../../src/post-deploy/summary.ts';
import type { PostDeployResult } from '../../src/post-deploy/run-commands.ts';

describe('renderPostDeploySummary', () => {
  it('has one row per command with exit code, duration and outcome', () => {
    const results: PostDeployResult[] = [
      { command: 'python manage.py migrate --noinput', exitCode: 0, durationSeconds: 75, status: 'ok' },
      { command: 'python manage.py update_permissions', exitCode: 3, durationSeconds: 2, status: 'failed' },
      { command: 'python manage.py clearsessions', exitCode: null, durationSeconds: 0, status: 'skipped' },
    ];
    expect(renderPostDeploySummary(results).trim().split('\n')).toEqual([
      '| # | Command | Exit code | Duration | Outcome |',
      '|---:|---|---:|---:|---|',
      '| 1 | `python manage.py migrate --noinput` | 0 | 1m15s | ✅ succeeded |',
      '| 2 | `python manage.py update_permissions` | 3 | 2s | ❌ exited with code 3 |',
      '| 3 | `python manage.py clearsessions` | – | – | ⏭️ not run |',
    ]);
  });

  it.each([
    ['timeout', /timed out, container stopped/],
    ['killed-inactivity', /30 min without output/],
    ['cut', /output cut, exit code unknown/],
  ] as const)('names the %s outcome', (status, text) => {
    expect(renderPostDeploySummary([{ command: 'x', exitCode: null, durationSeconds: 1, status }])).toMatch(text);
  });

  it.each([
    ['ok', 0, '✅ succeeded (output cut)'],
    ['failed', 5, '❌ exited with code 5 (output cut)'],
  ] as const)('says when the output of a %s command was cut', (status, exitCode, text) => {
    expect(
      renderPostDeploySummary([{ command: 'x', exitCode, durationSeconds: 1, status, outputCut: true }]),
    ).toContain(`| ${text} |`);
  });

  it('keeps pipes and backticks of a command from breaking the table', () => {
    const row = renderPostDeploySummary([
      { command: 'echo `date` | tee out', exitCode: 0, durationSeconds: 1, status: 'ok' },
    ]).split('\n')[2]!;
    expect(row).toBe('| 1 | ``echo `date` \\| tee out`` | 0 | 1s | ✅ succeeded |');
  });
});
