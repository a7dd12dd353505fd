// The job summary of a review-app run: the review app, its URL, the commit, the addons, the seed.
import { codeCell, escapeHtml, tableCell } from '../shared/markdown.ts';
import type { CleanedApp } from './cleanup.ts';
import type { ReviewAppResult } from './params.ts';

const HEADINGS: Record<ReviewAppResult['action'], string> = {
  created: 'created',
  updated: 'updated',
  deleted: 'deleted',
  skipped: 'nothing done',
};

export function renderReviewAppSummary(
  result: ReviewAppResult,
  repoUrl: string,
  failure?: string,
  cleaned?: CleanedApp[],
): string {
  if (cleaned) {
    const rows = cleaned.map((c) => `| ${codeCell(c.app)} | #${c.pullRequest} | ${tableCell(c.why)} |`);
    return [
      `## Review apps cleanup: ${cleaned.length} deleted`,
      '',
      ...(rows.length > 0
        ? ['| Review app | Pull request | Why |', '|---|---|---|', ...rows]
        : ['_No review app to delete._']),
      '',
    ].join('\n');
  }
  const heading = failure ? 'failed' : HEADINGS[result.action];
  const lines = [`## Review app ${result.app ? `\`${result.app}\`` : ''} ${heading}`.replace(/\s+/g, ' ').trim(), ''];
  const rows: [string, string][] = [];
  if (result.appUrl) rows.push(['URL', result.appUrl]);
  if (result.sha) rows.push(['Commit', `[\`${result.sha.slice(0, 7)}\`](${repoUrl}/commit/${result.sha})`]);
  if (result.deploymentId)
    rows.push(['Deployment', `${codeCell(result.deploymentId)} (${tableCell(result.status ?? '')})`]);
  if (result.addons.length > 0)
    rows.push(['Addons', result.addons.map((a) => codeCell(`${a.provider}:${a.plan}`) + ` ${a.status}`).join(', ')]);
  if (result.commentUrl) rows.push(['Comment', result.commentUrl]);
  if (rows.length > 0) lines.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), '');
  if (result.seed.length > 0) lines.push('### Seed', '', ...result.seed.map((s) => `- ${escapeHtml(s)}`), '');
  for (const note of result.notes) lines.push(`- ${escapeHtml(note)}`);
  if (failure) lines.push('', '### What happened', '', escapeHtml(failure).split('\n').join('  \n'));
  return `${lines.join('\n')}\n`;
}
