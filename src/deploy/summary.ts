// The job summary of a deploy: what went where, how it ended, and on failure the end of the log.
import { formatDuration } from '../shared/duration.ts';
import { codeCell, codeFence, escapeHtml, tableCell } from '../shared/markdown.ts';
import type { DeployPhase, DeployResult } from './result.ts';
import type { RuntimeLogTail } from './runtime-logs.ts';
import { renderPostDeploySummary } from '../post-deploy/summary.ts';

export interface SummaryInput {
  result: DeployResult;
  /** https://github.com/owner/repo, for the commit link. */
  repoUrl: string;
  environment?: string;
  /** `explanation`: what went wrong and what to do, without the log tail (quoted apart, fenced). */
  failure?: { phase: DeployPhase; explanation: string };
}

const HEADINGS: Record<DeployPhase, string> = {
  deployment: 'failed',
  timeout: 'did not finish in time',
  cancelled: 'was cancelled',
  'post-deploy': 'succeeded, post-deploy failed',
  'health-check': 'succeeded, health check failed',
};

export function renderDeploySummary({ result, repoUrl, environment, failure }: SummaryInput): string {
  const ok = !failure;
  const heading = ok
    ? `## ✅ Deployed ${result.sha.slice(0, 7)} to ${result.app}`
    : `## ❌ Deploy of ${result.sha.slice(0, 7)} to ${result.app} ${HEADINGS[failure.phase]}`;
  const rows: [string, string][] = [
    ['App', `\`${result.app}\``],
    ['Commit', `[\`${result.sha.slice(0, 7)}\`](${repoUrl}/commit/${result.sha})`],
    ['Scalingo git_ref', codeCell(result.gitRef)],
    ['Status', codeCell(result.status)],
    ['Deployment', `\`${result.deployment.id}\``],
    ['Duration', formatDuration(result.durationMs)],
    ['URL', result.appUrl],
  ];
  if (environment)
    rows.push([
      'GitHub environment',
      `${codeCell(environment)}${result.githubDeploymentId === null ? ' (no GitHub deployment recorded)' : ''}`,
    ]);
  if (result.waitedFor.length > 0)
    rows.push(['Waited for', result.waitedFor.map((d) => `\`${d.id}\` (${d.status})`).join(', ')]);
  if (result.healthCheck)
    rows.push(['Health check', tableCell(`${result.healthCheck.url} answered ${result.healthCheck.status}`)]);

  const parts = [heading, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), ''];
  if (result.postDeploy) parts.push('### Post-deploy commands', '', renderPostDeploySummary(result.postDeploy.results));
  if (failure) {
    parts.push('### What happened', '', escapeHtml(failure.explanation).split('\n').join('  \n'), '');
    if (failure.phase === 'deployment' || failure.phase === 'timeout') {
      parts.push(
        `### Last ${result.logTail.length} lines of the build log`,
        '',
        result.logTail.length > 0
          ? codeFence(result.logTail.join('\n'))
          : '_The build log is empty or could not be read._',
        '',
      );
    }
    if (result.runtimeLogs) parts.push(...renderRuntimeLogs(result.runtimeLogs));
  }
  return parts.join('\n');
}

/** The end of the app's runtime logs after a boot failure: where the cause of a crash is. */
export function renderRuntimeLogs(logs: RuntimeLogTail): string[] {
  const body =
    logs.lines.length > 0
      ? codeFence(logs.lines.join('\n'))
      : `_${escapeHtml(logs.note ?? 'The app has no runtime log lines yet.')}_`;
  return [`### Last ${logs.lines.length} lines of the runtime logs`, '', body, ''];
}
