import { formatDuration } from '../shared/duration.ts';
import { describeError } from '../shared/errors.ts';
import { GuardRefusal } from './guards.ts';
import type { ProductionReport, StepOutcome } from './steps.ts';

const ICON: Record<StepOutcome, string> = { success: '✅', failure: '❌', refused: '⛔', skipped: '⏭️', warning: '⚠️' };

// Details come from API messages and commands: keep them on one table row, pipes escaped.
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

export function verdict(report: ProductionReport): string {
  if (report.error === undefined) return 'released';
  if (report.error instanceof GuardRefusal) return 'refused';
  return report.rolledBack ? 'failed, rolled back' : 'failed';
}

/** The job summary: every step with its outcome and duration, who triggered or forced it. */
export function renderSummary(report: ProductionReport): string {
  const previous = report.previous ? (report.previous.tag ?? report.previous.gitRef) : 'none';
  const lines = [
    `## Production release ${report.tag} to ${report.app}: ${verdict(report)}`,
    '',
    `- Version: **${report.version.version}** (production ran: ${previous})`,
    `- Commit: ${report.sha ? `\`${report.sha}\`` : 'not resolved'}`,
    `- Triggered by @${report.actor} (${report.eventName || 'unknown event'})${report.forced ? `; **forced by @${report.actor}**: version and staging guards skipped` : ''}`,
  ];
  if (report.appUrl) lines.push(`- App: ${report.appUrl}`);
  const backups = report.backup?.backups ?? [];
  if (backups.length > 0) lines.push(`- Backup: ${backups.map((b) => `${b.backupId} (${b.provider})`).join(', ')}`);
  if (report.release) lines.push(`- Release: ${report.release.htmlUrl}`);
  if (report.rolledBack) lines.push(`- **Rolled back** to ${previous}: database changes are not undone`);
  lines.push(`- Workflow run: ${report.runUrl}`, '', '| Step | Outcome | Duration | Details |', '|---|---|---|---|');
  for (const step of report.steps) {
    const duration = step.durationMs === null ? '–' : formatDuration(step.durationMs);
    lines.push(`| ${step.name} | ${ICON[step.outcome]} ${step.outcome} | ${duration} | ${cell(step.detail)} |`);
  }
  if (report.guards.length > 0) {
    lines.push('', '### Guards', '');
    for (const check of report.guards)
      lines.push(`- ${check.outcome === 'passed' ? '✅' : '⏭️'} **${check.guard}** ${check.outcome}: ${check.detail}`);
  }
  const postDeploy = report.deploy?.postDeploy?.results ?? [];
  if (postDeploy.length > 0) {
    lines.push('', '### Post-deploy', '', '| Command | Exit code | Duration |', '|---|---|---|');
    for (const r of postDeploy)
      lines.push(`| \`${cell(r.command)}\` | ${r.exitCode ?? r.status} | ${r.durationSeconds}s |`);
  }
  if (report.error !== undefined) {
    lines.push(
      '',
      '### Why the step failed',
      '',
      ...describeError(report.error)
        .split('\n')
        .map((l) => `> ${l}`),
    );
    const tail = report.deploy?.logTail ?? [];
    if (tail.length > 0 && report.steps.some((s) => s.name === 'deploy' && s.outcome === 'failure')) {
      lines.push('', '<details><summary>Build log (tail)</summary>', '', '```', ...tail, '```', '</details>');
    }
  }
  return `${lines.join('\n')}\n`;
}
