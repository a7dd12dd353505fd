import { describe, expect, it } from 'vitest';
import type { AftercareReport } from '../../src/aftercare/params.ts';
import { renderAftercareSummary } from '../../src/aftercare/summary.ts';

const report: AftercareReport = {
  rows: [
    { name: 'sentry', outcome: 'success', detail: '1.3.0 created', durationMs: 800 },
    { name: 'released-comment', outcome: 'warning', detail: 'refused | 403 (warning only)', durationMs: 1200 },
  ],
  warnings: [{ name: 'released-comment', message: 'GitHub refused #4: <b>no</b>', left: ['Comment on #4, #5'] }],
  sentryRelease: { name: '1.3.0', url: 'https://sentry.io/organizations/acme/releases/1.3.0/' },
  watch: {
    release: '1.3.0',
    durationMs: 600_000,
    count: 2,
    exact: true,
    top: [
      {
        id: '1',
        shortId: 'SHOP-1',
        title: 'KeyError: <script>|`x`',
        level: 'error',
        count: 7,
        userCount: 3,
        firstSeen: '',
        permalink: 'https://sentry.io/organizations/acme/issues/1/',
      },
      {
        id: '2',
        shortId: 'SHOP-2',
        title: '[click](javascript:alert(1))',
        level: 'error',
        count: 1,
        userCount: 1,
        firstSeen: '',
        permalink: 'javascript:alert(1)',
      },
    ],
    searchUrl: 'https://sentry.io/organizations/acme/issues/?query=firstRelease%3A%221.3.0%22',
    exceeded: true,
    maxNewIssues: 1,
    stoppedEarly: false,
  },
};

describe('renderAftercareSummary', () => {
  it('lists what is left by hand and the new issues, Sentry’s text kept as text', () => {
    const md = renderAftercareSummary(report);
    expect(md).toContain('- Sentry release: [1.3.0](https://sentry.io/organizations/acme/releases/1.3.0/)');
    expect(md).toContain(
      '- ⚠️ **released-comment**: GitHub refused #4: &lt;b&gt;no&lt;/b&gt;\n  Left to do by hand:\n  - Comment on #4, #5',
    );
    expect(md).toContain('#### Sentry: 2 new issue(s) first seen in 1.3.0 (watched 10m00s)');
    expect(md).toContain('❌ More than sentry-max-new-issues (1).');
    expect(md).toContain(
      '| [`SHOP-1`](https://sentry.io/organizations/acme/issues/1/) | `` KeyError: <script>\\|`x` `` | `error` | 7 | 3 |',
    );
    // Titles are code (no link, no HTML); a permalink that is not http(s) is no link.
    expect(md).toContain('| `SHOP-2` | `[click](javascript:alert(1))` |');
    expect(md).not.toMatch(/\| ✅|\| Chore/);
  });

  it('with rows, a table of the chores first; nothing at all without chores', () => {
    expect(renderAftercareSummary(report, { rows: true })).toMatch(
      /### After the release\n\n\| Chore \| Outcome \| Duration \| Details \|\n\|---\|---\|---\|---\|\n\| sentry \| ✅ success \| 1s \| 1\.3\.0 created \|\n\| released-comment \| ⚠️ warning \| 1s \| refused \\\| 403/,
    );
    expect(renderAftercareSummary(undefined)).toBe('');
    expect(renderAftercareSummary({ rows: [], warnings: [] }, { rows: true })).toBe('');
    expect(renderAftercareSummary({ rows: [report.rows[0]!], warnings: [] })).toBe('');
  });
});
