// The job summary table of post-deploy commands: one row per command, also those not run, so a
// reader sees at a glance which migration failed and what never ran after it.
import { formatDuration } from '../shared/duration.ts';
import type { PostDeployResult, PostDeployStatus } from './run-commands.ts';

const OUTCOMES: Record<PostDeployStatus, string> = {
  ok: '✅ succeeded',
  failed: '❌ failed',
  timeout: '⏱️ timed out, container stopped',
  'killed-inactivity': '💤 stopped by Scalingo after 30 min without output',
  cut: '✂️ output cut, exit code unknown',
  skipped: '⏭️ not run',
};

function outcome(result: PostDeployResult): string {
  const cut = result.outputCut && result.status !== 'cut' ? ' (output cut)' : '';
  if (result.status === 'failed' && result.exitCode !== null) return `❌ exited with code ${result.exitCode}${cut}`;
  return OUTCOMES[result.status] + cut;
}

/** A command inside a table cell: code span that survives pipes and backticks in the command. */
function cell(command: string): string {
  const text = command.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

export function renderPostDeploySummary(results: readonly PostDeployResult[]): string {
  const rows = results.map((r, i) => {
    const code = r.exitCode === null ? '–' : String(r.exitCode);
    const duration = r.status === 'skipped' ? '–' : formatDuration(r.durationSeconds * 1000);
    return `| ${i + 1} | ${cell(r.command)} | ${code} | ${duration} | ${outcome(r)} |`;
  });
  return ['| # | Command | Exit code | Duration | Outcome |', '|---:|---|---:|---:|---|', ...rows].join('\n') + '\n';
}
