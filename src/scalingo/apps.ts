import type { AppsResource, OperationsResource, RestartOptions } from './api.ts';
import { readApp } from './answers.ts';
import type { HttpClient } from './http.ts';
import type { App, Operation } from './types.ts';

export function appPath(app: string): string {
  return `/apps/${encodeURIComponent(app)}`;
}

/** The operation id at the end of an operation URL (Location header, operation_url). */
export function operationIdFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const path = url.split('?')[0] ?? '';
  const id = path.split('/').filter(Boolean).pop();
  return id ?? null;
}

export class Apps implements AppsResource {
  #http: HttpClient;
  #operations: OperationsResource;

  constructor(http: HttpClient, operations: OperationsResource) {
    this.#http = http;
    this.#operations = operations;
  }

  async get(app: string): Promise<App> {
    const res = await this.#http.request<{ app: App }>({
      method: 'GET',
      url: this.#http.api(appPath(app)),
      expect: [200],
      idempotent: true,
      read: readApp,
      what: `read app '${app}'`,
      app,
      appLookup: true,
    });
    return res.body.app;
  }

  /** POST /apps/:app/restart -> 202 with the operation in Location. Empty scope = every process type. */
  async restart(app: string, scope?: string[]): Promise<{ operationId: string | null }> {
    const res = await this.#http.request<unknown>({
      method: 'POST',
      url: this.#http.api(`${appPath(app)}/restart`),
      body: { scope: scope && scope.length > 0 ? scope : null },
      expect: [202],
      idempotent: false,
      what: `restart '${app}'`,
      app,
    });
    return { operationId: operationIdFromUrl(res.headers.get('location')) };
  }

  /**
   * Restarts and waits until the restart operation is `done` (as `scalingo restart --synchronous`):
   * an `error` operation throws with Scalingo's message, `timeoutMs` bounds the wait. Null when
   * Scalingo gave no operation to follow (no Location).
   */
  async restartAndWait(app: string, options: RestartOptions = {}): Promise<Operation | null> {
    const { operationId } = await this.restart(app, options.scope);
    if (operationId === null) return null;
    return this.#operations.waitDone(app, operationId, {
      ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
}
