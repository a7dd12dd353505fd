// Incoming webhooks (Mattermost, Slack): one `{"text": …}` post, retried only when it surely was not
// received. Both deploy actions notify through this; a webhook failing never fails a deploy.
import { backoffDelay, sleep } from './async.ts';
import type { Logger } from './logger.ts';
import { proxiedFetch, ProxyError } from './proxy.ts';

export interface WebhookOptions {
  timeoutMs?: number;
  attempts?: number;
  baseDelayMs?: number;
}

/**
 * Posts `{"text": ...}` to an incoming webhook; false (and a warning) when it could not. The URL is
 * a secret (it is the credential): masked here, never printed.
 */
export async function notifyWebhook(
  url: string,
  text: string,
  logger: Logger,
  options: WebhookOptions = {},
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
        `Notification not sent: ${problem}. The deploy itself is not affected; check the notify-webhook secret.`,
      );
      return false;
    }
    await sleep(backoffDelay(attempt - 1, options.baseDelayMs ?? 500, 30_000));
  }
}
