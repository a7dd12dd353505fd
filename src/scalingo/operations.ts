import type { OperationsResource } from './api.ts';
import { appPath } from './apps.ts';
import { readOperation } from './answers.ts';
import { ScalingoOperationError } from './errors.ts';
import { sleep } from '../shared/async.ts';
import { type HttpClient } from './http.ts';
import type { Operation } from './types.ts';
import { maskUrl } from '../shared/secrets.ts';

export class Operations implements OperationsResource {
  #http: HttpClient;
  #intervalMs: number;

  constructor(http: HttpClient, intervalMs: number) {
    this.#http = http;
    this.#intervalMs = intervalMs;
  }

  async get(app: string, id: string): Promise<Operation> {
    const res = await this.#http.request<{ operation: Operation }>({
      method: 'GET',
      url: this.#http.api(`${appPath(app)}/operations/${encodeURIComponent(id)}`),
      expect: [200],
      idempotent: true,
      read: readOperation,
      what: `read operation ${id} of '${app}'`,
      app,
    });
    const operation = res.body.operation;
    // The attach URL opens a shell on the app's container: treat it as a secret.
    const attachUrl = operation.start_one_off_data?.attach_url;
    if (attachUrl) maskUrl(this.#http.logger, attachUrl);
    return operation;
  }

  async waitDone(
    app: string,
    id: string,
    options: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<Operation> {
    const interval = options.intervalMs ?? this.#intervalMs;
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    for (;;) {
      options.signal?.throwIfAborted();
      const operation = await this.get(app, id);
      if (operation.status === 'done') return operation;
      if (operation.status === 'error') {
        throw new ScalingoOperationError(
          `Scalingo operation ${operation.type} on '${app}' failed: ${operation.error || 'no reason given'}.`,
        );
      }
      if (Date.now() + interval > deadline) {
        throw new ScalingoOperationError(
          `Scalingo operation ${operation.type} on '${app}' is still ${operation.status} after ${Math.round((options.timeoutMs ?? 0) / 1000)} s; it may finish later (operation ${id}).`,
        );
      }
      await sleep(interval, options.signal);
    }
  }
}
