import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { GuardRefusal } from '../../src/production/guards.ts';
import type { ProductionReport } from '../../src/production/steps.ts';
import { renderSummary, verdict } from '../../src/production/summary.ts';

function report(overrides: Partial<ProductionReport> = {}): ProductionReport {
  return {
    app: 'shop',
    tag: 'v1.3.0',
    version: semver.parse('1.3.0')!,
    sha: 'c'.repeat(40),
    previous: { deploymentId: 'd2', gitRef: 'b'.repeat(40), tag: 'v1.2.0', version: semver.parse('1.2.0')! },
    actor: 'alice',
    eventName: 'workflow_dispatch',
    forced: false,
    steps: [],
    guards: [],
    rolledBack: false,
    runUrl: 'https://github.com/acme/shop/actions/runs/9',
    ...overrides,
  };
}

describe('renderSummary', () => {
  it.each([
    [{}, 'released'],
    [{ error: new GuardRefusal('staging', 'not on staging', 'Deploy it there.') }, 'refused'],
    [{ error: new Error('boom'), rolledBack: true }, 'failed, rolled back'],
    [{ error: new Error('boom') }, 'failed'],
  ] as const)('verdict of %j is %s', (overrides, expected) => {
    expect(verdict(report(overrides))).toBe(expected);
    expect(renderSummary(report(overrides))).toMatch(
      new RegExp(`^## Production release v1\\.3\\.0 to shop: ${expected}\\n`),
    );
  });

  it('records who forced it, each step with its duration, and keeps details on one table row', () => {
    const text = renderSummary(
      report({
        forced: true,
        steps: [
          { name: 'guards', outcome: 'success', detail: 'tag passed, version skipped', durationMs: 1200 },
          {
            name: 'post-deploy',
            outcome: 'failure',
            detail: '`grep a | wc -l` exited with 1\nmore',
            durationMs: 75_000,
          },
          { name: 'rollback', outcome: 'skipped', detail: 'rollback: false', durationMs: null },
        ],
        guards: [{ guard: 'version', outcome: 'skipped', detail: 'forced: production already runs v1.3.0' }],
      }),
    );
    expect(text).toContain(
      '- Triggered by @alice (workflow_dispatch); **forced by @alice**: version and staging guards skipped',
    );
    expect(text).toContain('| guards | ✅ success | 1s | tag passed, version skipped |');
    expect(text).toContain('| post-deploy | ❌ failure | 1m15s | `grep a \\| wc -l` exited with 1 more |');
    expect(text).toContain('| rollback | ⏭️ skipped | – | rollback: false |');
    expect(text).toContain('- ⏭️ **version** skipped: forced: production already runs v1.3.0');
  });

  it('says plainly after a rollback that the database is not rolled back, and why the step failed', () => {
    const text = renderSummary(
      report({
        rolledBack: true,
        error: new GuardRefusal('version', 'a', 'b'),
        backup: { backups: [{ addon: 'ad-1', provider: 'PostgreSQL', backupId: 'bk-9', name: 'n' }] },
      }),
    );
    expect(text).toContain('- Backup: bk-9 (PostgreSQL)');
    expect(text).toContain('- **Rolled back** to v1.2.0: database changes are not undone');
    expect(text).toContain('### Why the step failed\n\n> The version guard refused the release: a. b');
  });
});
