import type { OneOffAttachment, OneOffResource } from './api.ts';
import { appPath, operationIdFromUrl } from './apps.ts';
import { readRunStarted } from './answers.ts';
import { ScalingoApiError } from './errors.ts';
import type { HttpClient } from './http.ts';
import { openAttach } from './one-off-attach.ts';
import type { Container } from './types.ts';

// Longer than any GitHub job (6 h): the caller's own command timeout is what bounds it.
const WAIT_TIMEOUT_MS = 6 * 3600_000;

/** One-off containers: start attached, attach over CONNECT, read the exit code from /wait. */
export class OneOffs implements OneOffResource {
  #http: HttpClient;
  #userAgent: string;

  constructor(http: HttpClient, userAgent: string) {
    this.#http = http;
    this.#userAgent = userAgent;
  }

  /** Never retried after a lost response: running a migration twice is worse than failing. */
  async run(
    app: string,
    params: { command: string; env?: Record<string, string>; size?: string },
  ): Promise<{ container: Container; operationId: string }> {
    const res = await this.#http.request<{ container: Container; operation_url?: string; operation?: string }>({
      method: 'POST',
      url: this.#http.api(`${appPath(app)}/run`),
      body: {
        command: params.command,
        env: params.env ?? {},
        size: params.size ?? 'M',
        detached: false,
        has_uploads: false,
      },
      expect: [200],
      idempotent: false,
      read: readRunStarted,
      what: `start a one-off container on '${app}'`,
      app,
    });
    const operationId = operationIdFromUrl(res.body.operation_url) ?? res.body.operation;
    if (!operationId) {
      throw new ScalingoApiError({
        kind: 'unexpected',
        status: res.status,
        message: `Scalingo started a one-off on '${app}' without an operation to follow.`,
      });
    }
    return { container: res.body.container, operationId };
  }

  async attach(attachUrl: string): Promise<OneOffAttachment> {
    try {
      return await openAttach(attachUrl, await this.#http.userToken.token(), this.#userAgent);
    } catch (error) {
      if (!(error instanceof ScalingoApiError && error.kind === 'unauthorized')) throw error;
      // The session may have expired between polling and attaching: one fresh exchange.
      this.#http.userToken.invalidate();
      return openAttach(attachUrl, await this.#http.userToken.token(), this.#userAgent);
    }
  }

  async wait(attachUrl: string): Promise<{ exitCode: number } | { killedForInactivity: true }> {
    const url = new URL(attachUrl);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/wait`;
    const res = await this.#http.request<{ exit_code?: unknown }>({
      method: 'GET',
      url: url.href,
      expect: [200, 408],
      idempotent: true,
      basic: true,
      // Answers when the command exits: after a cut attach, that may be much later.
      timeoutMs: WAIT_TIMEOUT_MS,
      what: 'read the exit code of the one-off command',
    });
    if (res.status === 408) return { killedForInactivity: true };
    const code = res.body.exit_code;
    if (typeof code !== 'number') {
      throw new ScalingoApiError({
        kind: 'unexpected',
        status: res.status,
        body: res.body,
        message: 'Scalingo returned no exit code for the one-off command.',
      });
    }
    return { exitCode: code };
  }

  async stop(app: string, containerId: string): Promise<void> {
    await this.#http.request<unknown>({
      method: 'POST',
      url: this.#http.api(`${appPath(app)}/containers/${encodeURIComponent(containerId)}/stop`),
      body: {},
      expect: [202, 200, 204],
      idempotent: true,
      what: `stop the one-off container ${containerId} of '${app}'`,
      app,
    });
  }
}
