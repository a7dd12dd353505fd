// The job summary of a deploy: what went where, how it ended, and on failure the end of the log.
import { formatDuration } from '../shared/duration.ts';
import type { DeployResult } from './deploy.ts';
import type { DeployPhase } from './deploy-error.ts';
import { renderPostDeploySummary } from '../post-deploy/summary.ts';

export interface SummaryInput {
  result: DeployResult;
  /** https://github.com/owner/repo, for the commit link. */
  repoUrl: string;
  environment?: string;
  failure?: { phase: DeployPhase; message: string };
}

const HEADINGS: Record<DeployPhase, string> = {
  deployment: 'failed',
  timeout: 'did not finish in time',
  'post-deploy': 'succeeded, post-deploy failed',
  'health-check': 'succeeded, health check failed',
};

function fence(lines: readonly string[]): string {
  const text = lines.join('\n');
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}text\n${text}\n${marks}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderDeploySummary({ result, repoUrl, environment, failure }: SummaryInput): string {
  const ok = !failure;
  const heading = ok
    ? `## ✅ Deployed ${result.sha.slice(0, 7)} to ${result.app}`
    : `## ❌ Deploy of ${result.sha.slice(0, 7)} to ${result.app} ${HEADINGS[failure.phase]}`;
  const rows: [string, string][] = [
    ['App', `\`${result.app}\``],
    ['Commit', `[\`${result.sha.slice(0, 7)}\`](${repoUrl}/commit/${result.sha})`],
    ['Scalingo git_ref', `\`${cell(result.gitRef)}\``],
    ['Status', `\`${cell(result.status)}\``],
    ['Deployment', `\`${result.deployment.id}\``],
    ['Duration', formatDuration(result.durationMs)],
    ['URL', result.appUrl],
  ];
  if (environment)
    rows.push([
      'GitHub environment',
      `\`${cell(environment)}\`${result.githubDeploymentId === null ? ' (no GitHub deployment recorded)' : ''}`,
    ]);
  if (result.waitedFor.length > 0)
    rows.push(['Waited for', result.waitedFor.map((d) => `\`${d.id}\` (${d.status})`).join(', ')]);
  if (result.healthCheck)
    rows.push(['Health check', `${result.healthCheck.url} answered ${result.healthCheck.status}`]);

  const parts = [heading, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), ''];
  if (result.postDeploy) parts.push('### Post-deploy commands', '', renderPostDeploySummary(result.postDeploy.results));
  if (failure) {
    const [explanation] = failure.message.split('\n\nLast ');
    parts.push('### What happened', '', (explanation ?? failure.message).split('\n').join('  \n'), '');
    if (failure.phase === 'deployment' || failure.phase === 'timeout') {
      parts.push(
        `### Last ${result.logTail.length} lines of the build log`,
        '',
        result.logTail.length > 0 ? fence(result.logTail) : '_The build log is empty or could not be read._',
        '',
      );
    }
  }
  return parts.join('\n');
}
