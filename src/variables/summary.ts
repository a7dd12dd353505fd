// The job summary of the variables action: names only, never a value.
import { formatDuration } from '../shared/duration.ts';
import { codeSpan } from '../shared/markdown.ts';
import type { VariablesReport } from './apply.ts';

const names = (list: readonly string[]): string => (list.length > 0 ? list.map(codeSpan).join(', ') : '–');

const RESTART: Record<VariablesReport['restart'], string> = {
  done: 'restarted, and the restart is done: the containers run with the new values',
  unconfirmed: 'restart requested; Scalingo gave no operation to confirm it done',
  'not-needed': 'not restarted: nothing changed',
  off: 'not restarted (`restart: false`): the containers get the new values at their next restart or deploy',
  'dry-run': 'dry run: nothing was changed or restarted',
};

export function renderVariablesSummary(report: VariablesReport): string {
  const { plan } = report;
  const would = report.dryRun ? 'would be ' : '';
  const lines = [
    `## ${report.dryRun ? 'Dry run: variables of' : 'Variables of'} ${report.app}`,
    '',
    '| | names |',
    '|---|---|',
    `| ${would}added | ${names(plan.added)} |`,
    `| ${would}changed | ${names(plan.changed)} |`,
    `| ${would}removed | ${names(plan.removed)} |`,
    `| unchanged (not sent) | ${names(plan.unchanged)} |`,
  ];
  if (plan.absent.length > 0) lines.push(`| already absent | ${names(plan.absent)} |`);
  if (report.required.length > 0) lines.push(`| required, present | ${names(report.required.map((r) => r.name))} |`);
  const duration = report.restartMs === undefined ? '' : ` (${formatDuration(report.restartMs)})`;
  lines.push('', `Restart: ${RESTART[report.restart]}${duration}.`, '', '_Values are never shown._');
  return `${lines.join('\n')}\n`;
}
