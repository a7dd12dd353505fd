// The job summary table of post-deploy commands: one row per command, also those not run, so a
// reader sees at a glance which migration failed and what never ran after it.
import { formatDuration } from '../shared/duration.ts';
import { codeCell } from '../shared/markdown.ts';
import type { PostDeployResult, PostDeployStatus } from './results.ts';

const OUTCOMES: Record<PostDeployStatus, string> = {
  ok: '✅ succeeded',
  failed: '❌ failed',
  timeout: '⏱️ timed out, container stopped',
  cancelled: '🛑 cancelled, container stopped',
  'killed-inactivity': '💤 stopped by Scalingo after 30 min without output',
  cut: '✂️ output cut, exit code unknown',
  skipped: '⏭️ not run',
};

function outcome(result: PostDeployResult): string {
  const cut = result.outputCut && result.status !== 'cut' ? ' (output cut)' : '';
  if (result.status === 'failed' && result.exitCode !== null) return `❌ exited with code ${result.exitCode}${cut}`;
  return OUTCOMES[result.status] + cut;
}

export function renderPostDeploySummary(results: readonly PostDeployResult[]): string {
  const rows = results.map((r, i) => {
    const code = r.exitCode === null ? '–' : String(r.exitCode);
    const duration = r.status === 'skipped' ? '–' : formatDuration(r.durationSeconds * 1000);
    return `| ${i + 1} | ${codeCell(r.command)} | ${code} | ${duration} | ${outcome(r)} |`;
  });
  return ['| # | Command | Exit code | Duration | Outcome |', '|---:|---|---:|---:|---|', ...rows].join('\n') + '\n';
}
