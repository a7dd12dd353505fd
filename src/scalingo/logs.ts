// The app's runtime logs (scalingo-api.md §12): GET /apps/:app/logs gives a signed logs URL (its
// token is in the query), which is then read with no Authorization header.
import type { LogsResource } from './api.ts';
import { appPath } from './apps.ts';
import { readLogsUrl } from './answers.ts';
import type { HttpClient } from './http.ts';
import { maskUrl } from '../shared/secrets.ts';

export class Logs implements LogsResource {
  #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async url(app: string): Promise<string> {
    const res = await this.#http.request<{ logs_url: string }>({
      method: 'GET',
      url: this.#http.api(`${appPath(app)}/logs`),
      expect: [200],
      idempotent: true,
      read: readLogsUrl,
      what: `get the logs URL of '${app}'`,
      app,
    });
    // Whoever holds it reads the app's logs: a secret, like every signed URL.
    maskUrl(this.#http.logger, res.body.logs_url);
    return res.body.logs_url;
  }

  async tail(app: string, options: { lines?: number; filter?: string; signal?: AbortSignal } = {}): Promise<string[]> {
    const logsUrl = await this.url(app);
    const res = await this.#http.request<string>({
      method: 'GET',
      url: logsUrl,
      query: { n: options.lines ?? 100, filter: options.filter },
      // The token is in the URL; our session token must not travel to the logs host.
      auth: null,
      text: true,
      expect: [200, 204, 404],
      idempotent: true,
      what: `read the runtime logs of '${app}'`,
      app,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (res.status !== 200) return [];
    return res.body.split(/\r?\n/).filter((line) => line !== '');
  }
}
