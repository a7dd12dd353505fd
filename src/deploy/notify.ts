// The one chat message of a deploy (`notify-webhook`), whatever its outcome, in the markdown both
// Mattermost and Slack render. Production releases have their own (src/production/notify.ts).
import { DeployFailedError } from './deploy-error.ts';
import type { DeployResult } from './result.ts';
import { firstLine } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { notifyWebhook } from '../shared/webhook.ts';

export interface DeployNotice {
  app: string;
  sha: string;
  actor: string;
  runUrl: string;
  repoUrl: string;
  result?: DeployResult;
  /** Set when the deploy did not succeed. */
  error?: unknown;
}

function outcome(notice: DeployNotice): { icon: string; text: string } {
  const error = notice.error;
  if (error === undefined) return { icon: ':rocket:', text: 'deployed' };
  if (!(error instanceof DeployFailedError)) return { icon: ':x:', text: 'failed' };
  switch (error.phase) {
    case 'deployment':
      return { icon: ':x:', text: `failed (${error.result.status})` };
    case 'timeout':
      return { icon: ':hourglass:', text: 'did not finish in time (still running on Scalingo)' };
    case 'cancelled':
      return { icon: ':no_entry_sign:', text: 'was cancelled' };
    case 'post-deploy':
      return { icon: ':warning:', text: 'deployed, but a post-deploy command failed' };
    case 'health-check':
      return { icon: ':warning:', text: 'deployed, but the health check failed' };
  }
}

export function renderDeployNotification(notice: DeployNotice): string {
  const { icon, text } = outcome(notice);
  const short = notice.sha.slice(0, 7);
  const lines = [`${icon} ${short} ${text} on ${notice.app} by @${notice.actor || 'unknown'}`];
  if (notice.error !== undefined) {
    const why = notice.error instanceof DeployFailedError ? notice.error.explanation : (notice.error as Error).message;
    lines.push(firstLine(why ?? String(notice.error)));
  }
  if (notice.result?.appUrl) lines.push(`App: ${notice.result.appUrl}`);
  lines.push(`Commit: ${notice.repoUrl}/commit/${notice.sha}`, `Run: ${notice.runUrl}`);
  return lines.join('\n');
}

/** Sends the message; a webhook that fails is a warning, never a failed deploy. */
export async function notifyDeploy(url: string, notice: DeployNotice, logger: Logger): Promise<boolean> {
  return notifyWebhook(url, renderDeployNotification(notice), logger);
}
