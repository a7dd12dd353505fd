import { formatDuration } from '../shared/duration.ts';
import { DeployFailedError } from '../deploy/deploy-error.ts';
import { describeError } from '../shared/errors.ts';
import { codeCell, codeFence, codeSpan, escapeHtml, tableCell } from '../shared/markdown.ts';
import { renderRuntimeLogs } from '../deploy/summary.ts';
import { destructiveSummary } from '../post-deploy/forbid.ts';
import { GuardRefusal } from './guards.ts';
import type { ProductionReport, StepOutcome } from './steps.ts';

const ICON: Record<StepOutcome, string> = { success: '✅', failure: '❌', refused: '⛔', skipped: '⏭️', warning: '⚠️' };

/** What went wrong, without the build log (quoted apart, in a fence it cannot close). */
function explanationOf(error: unknown): string {
  return error instanceof DeployFailedError ? error.explanation : describeError(error);
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
    `- Triggered by @${report.actor} (${report.eventName || 'unknown event'})${report.forced ? `; **forced by @${report.actor}**: ${listed(report.forceSkips ?? ['version', 'staging'])} guards skipped` : ''}`,
  ];
  const maintenance = report.maintenance;
  if (maintenance) {
    const names = maintenance.names.map(codeSpan).join(', ');
    const spent = maintenance.durationMs === undefined ? '' : ` for ${formatDuration(maintenance.durationMs)}`;
    lines.push(
      maintenance.lifted
        ? `- Maintenance (${maintenance.mode}): ${names}; ${maintenance.entered ? `the app was in maintenance${spent}` : 'could not be entered'}, then lifted`
        : `- 🚨 **${report.app} is STILL IN MAINTENANCE** (${names}${spent} so far): lift it by hand now: ${codeSpan(maintenance.command ?? '')}`,
    );
  }
  if (report.appUrl) lines.push(`- App: ${report.appUrl}`);
  const backups = report.backup?.backups ?? [];
  if (backups.length > 0) lines.push(`- Backup: ${backups.map((b) => `${b.backupId} (${b.provider})`).join(', ')}`);
  if (report.release) lines.push(`- Release: ${report.release.htmlUrl}`);
  if (report.rolledBack) lines.push(`- **Rolled back** to ${previous}: database changes are not undone`);
  lines.push(`- Workflow run: ${report.runUrl}`);
  if (report.destructive) lines.push('', destructiveSummary(report.destructive).trimEnd());
  lines.push('', '| Step | Outcome | Duration | Details |', '|---|---|---|---|');
  for (const step of report.steps) {
    const duration = step.durationMs === null ? '–' : formatDuration(step.durationMs);
    lines.push(`| ${step.name} | ${ICON[step.outcome]} ${step.outcome} | ${duration} | ${tableCell(step.detail)} |`);
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
      lines.push(`| ${codeCell(r.command)} | ${r.exitCode ?? r.status} | ${r.durationSeconds}s |`);
  }
  if (report.error !== undefined) {
    const why = escapeHtml(explanationOf(report.error)).split('\n');
    lines.push('', '### Why the step failed', '', ...why.map((l) => `> ${l}`));
    const tail = report.deploy?.logTail ?? [];
    if (tail.length > 0 && report.steps.some((s) => s.name === 'deploy' && s.outcome === 'failure')) {
      lines.push('', '<details><summary>Build log (tail)</summary>', '', codeFence(tail.join('\n')), '', '</details>');
    }
    if (report.deploy?.runtimeLogs) lines.push('', ...renderRuntimeLogs(report.deploy.runtimeLogs));
  }
  return `${lines.join('\n')}\n`;
}

/** "version and staging", "version, staging and deploy-window". */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
