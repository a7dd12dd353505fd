import { backoffDelay, sleep } from '../shared/async.ts';
import { proxiedFetch, ProxyError } from '../shared/proxy.ts';
import type { Logger } from '../shared/logger.ts';

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
  if (message.appUrl) lines.push(`App: ${message.appUrl}`);
  if (message.releaseUrl) lines.push(`Release: ${message.releaseUrl}`);
  lines.push(`Run: ${message.runUrl}`);
  return lines.join('\n');
}

/**
 * Posts `{"text": ...}` to an incoming webhook. Never fails the release: a webhook that is down or
 * refuses the message is a warning. The URL is a secret (it is the credential) and never printed.
 */
export async function notifyWebhook(
  url: string,
  text: string,
  logger: Logger,
  options: { timeoutMs?: number; attempts?: number; baseDelayMs?: number } = {},
): Promise<boolean> {
  logger.mask(url);
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    let problem: string;
    let retryable = false;
    try {
      const response = await proxiedFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'scalingo-actions' },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      if (response.ok) return true;
      problem = `the webhook answered ${response.status}`;
      // 429 means the message was refused unread, so sending it again cannot post it twice.
      retryable = response.status === 429;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      problem =
        error instanceof ProxyError
          ? `the webhook could not be reached through the proxy ${error.proxy} (${cause ?? 'refused'})`
          : `the webhook could not be reached (${cause ?? (error as Error).message})`;
      // Only a refused connection proves nothing was received; a timeout may have posted it.
      retryable = cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN';
    }
    if (!retryable || attempt >= attempts) {
      logger.warning(
        `Notification not sent: ${problem}. The release itself is not affected; check the notify-webhook secret.`,
      );
      return false;
    }
    await sleep(backoffDelay(attempt - 1, options.baseDelayMs ?? 500, 30_000));
  }
}
