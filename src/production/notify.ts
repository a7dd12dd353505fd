import { ManualActionRequired } from '../shared/errors.ts';
import { notifyWebhook } from '../shared/webhook.ts';
import { chatNotes } from './chat-notes.ts';
import { GuardRefusal } from './guards.ts';
import type { ProductionDeps, ProductionParams } from './params.ts';
import { firstLine, skip, type ProductionReport } from './steps.ts';

export interface NotifyMessage {
  app: string;
  tag: string;
  outcome: 'released' | 'refused' | 'failed' | 'rolled back';
  detail?: string;
  appUrl?: string;
  runUrl: string;
  releaseUrl?: string;
  actor: string;
  forced: boolean;
  /** The release notes' headings and entries (chatNotes). */
  notes?: string[];
}

const ICON: Record<NotifyMessage['outcome'], string> = {
  released: ':rocket:',
  refused: ':no_entry:',
  failed: ':x:',
  'rolled back': ':rewind:',
};

/** One line per fact, in markdown both Mattermost and Slack render (`<url|text>` is Slack-only, so plain links). */
export function renderNotification(message: NotifyMessage): string {
  const lines = [
    `${ICON[message.outcome]} ${message.tag} ${message.outcome} on ${message.app}${message.forced ? ` (forced by @${message.actor})` : ` by @${message.actor}`}`,
  ];
  if (message.detail) lines.push(message.detail);
  if (message.notes && message.notes.length > 0) lines.push('', ...message.notes, '');
  if (message.appUrl) lines.push(`App: ${message.appUrl}`);
  if (message.releaseUrl) lines.push(`Release: ${message.releaseUrl}`);
  lines.push(`Run: ${message.runUrl}`);
  return lines.join('\n');
}

/** The one notification of a release, whatever its outcome; a webhook failure is only a warning. */
export async function notifyStep(
  deps: ProductionDeps,
  params: ProductionParams,
  report: ProductionReport,
): Promise<void> {
  if (!params.notifyWebhook) return skip(report, 'notify', 'no notify-webhook');
  const refusedAtGuards = report.steps.some((s) => s.name === 'guards' && s.outcome !== 'success');
  if (refusedAtGuards && !(report.error instanceof GuardRefusal))
    return skip(report, 'notify', 'not sent: the guards could not run (see why the step failed)');
  // A release page that failed to publish does not change what production runs.
  const live =
    report.error === undefined ||
    report.steps.some((s) => s.name === 'release' && s.outcome === 'failure') ||
    (report.error instanceof ManualActionRequired &&
      report.steps.some((s) => s.name === 'release' && s.outcome === 'success'));
  const outcome: NotifyMessage['outcome'] = live
    ? 'released'
    : report.error instanceof GuardRefusal
      ? 'refused'
      : report.rolledBack
        ? 'rolled back'
        : 'failed';
  const message: NotifyMessage = {
    app: params.app,
    tag: params.tag,
    outcome,
    runUrl: report.runUrl,
    actor: report.actor,
    forced: report.forced,
    ...(report.error === undefined ? {} : { detail: notifyDetail(report) }),
    ...(report.appUrl ? { appUrl: report.appUrl } : {}),
    ...(report.release ? { releaseUrl: report.release.htmlUrl } : {}),
    ...(live && report.release ? { notes: chatNotes(report.release.body, report.release.htmlUrl) } : {}),
  };
  const started = Date.now();
  const sent = await notifyWebhook(params.notifyWebhook, renderNotification(message), deps.logger);
  report.steps.push({
    name: 'notify',
    outcome: sent ? 'success' : 'warning',
    detail: sent ? `${outcome} message sent` : 'webhook failed (warning only)',
    durationMs: Date.now() - started,
  });
}

function notifyDetail(report: ProductionReport): string {
  const stuck = report.maintenance && !report.maintenance.lifted;
  const still = stuck ? `\n:rotating_light: ${report.app} is STILL IN MAINTENANCE: ${report.maintenance?.command}` : '';
  if (report.error instanceof ManualActionRequired) return still.trimStart();
  return detailOf(report) + still;
}

function detailOf(report: ProductionReport): string {
  const cause = firstLine(report.error);
  if (!report.rolledBack || !report.previous) return cause;
  const backups = (report.backup?.backups ?? []).map((b) => b.backupId);
  const restore = backups.length > 0 ? `; backup taken before the deploy: ${backups.join(', ')}` : '';
  return `${cause}\nProduction runs ${report.previous.tag ?? report.previous.gitRef} again. Database changes are not undone${restore}.`;
}
