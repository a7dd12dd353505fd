// The "After the release" part of a job summary: what each chore did, what is left to do by hand,
// and the new Sentry issues with links. Sentry's and GitHub's text goes through the markdown helpers
// (an issue title is code: it can neither open a link nor hold HTML).
import { formatDuration } from '../shared/duration.ts';
import { codeCell, escapeHtml, tableCell } from '../shared/markdown.ts';
import type { AftercareReport } from './params.ts';

const ICON = { success: '✅', warning: '⚠️', skipped: '⏭️', failure: '❌' } as const;

/** Only http(s) links reach the summary: a link is Sentry's text too. */
function link(text: string, url: string): string {
  const label = text.replace(/[[\]]/g, '\\$&');
  return /^https?:\/\//.test(url) ? `[${label}](${url.replace(/[()\s]/g, encodeURIComponent)})` : label;
}

/**
 * `rows`: with a table of the chores (summaries without a steps table of their own); without it the
 * section holds only what the table cannot: the Sentry links, what is left to do, the new issues.
 */
export function renderAftercareSummary(report: AftercareReport | undefined, options: { rows?: boolean } = {}): string {
  if (!report) return '';
  const nothingElse = !report.sentryRelease && report.warnings.length === 0 && !report.watch;
  if (report.rows.length === 0 || (!options.rows && nothingElse)) return '';
  const lines = ['', '### After the release', ''];
  if (options.rows) {
    lines.push('| Chore | Outcome | Duration | Details |', '|---|---|---|---|');
    for (const row of report.rows) {
      const duration = row.durationMs === null ? '–' : formatDuration(row.durationMs);
      lines.push(`| ${row.name} | ${ICON[row.outcome]} ${row.outcome} | ${duration} | ${tableCell(row.detail)} |`);
    }
    lines.push('');
  }
  if (report.sentryRelease)
    lines.push(`- Sentry release: ${link(escapeHtml(report.sentryRelease.name), report.sentryRelease.url)}`);
  for (const warning of report.warnings) {
    lines.push(`- ⚠️ **${warning.name}**: ${escapeHtml(warning.message)}`);
    if (warning.left.length > 0) {
      lines.push('  Left to do by hand:');
      for (const step of warning.left) lines.push(`  - ${escapeHtml(step)}`);
    }
  }
  const watch = report.watch;
  if (watch) {
    const count = `${watch.count}${watch.exact ? '' : '+'}`;
    const span = watch.stoppedEarly ? 'stopped early' : `watched ${formatDuration(watch.durationMs)}`;
    lines.push('', `#### Sentry: ${count} new issue(s) first seen in ${escapeHtml(watch.release)} (${span})`, '');
    if (watch.maxNewIssues !== undefined)
      lines.push(`${watch.exceeded ? '❌ More than' : '✅ Within'} sentry-max-new-issues (${watch.maxNewIssues}).`, '');
    if (watch.stale)
      lines.push(`_The last count failed (${escapeHtml(watch.stale)}): these are the previous one's._`, '');
    if (watch.top.length > 0) {
      lines.push('| Issue | Title | Level | Events | Users |', '|---|---|---|---|---|');
      for (const issue of watch.top)
        lines.push(
          `| ${link(codeCell(issue.shortId), issue.permalink)} | ${codeCell(issue.title)} | ${codeCell(issue.level)} | ${issue.count} | ${issue.userCount} |`,
        );
      lines.push('');
    }
    lines.push(link(`Every new issue of ${escapeHtml(watch.release)} in Sentry`, watch.searchUrl));
  }
  return `${lines.join('\n')}\n`;
}
