import type { DeploymentsResource } from './api.ts';
import { appPath } from './apps.ts';
import { readDeployment, readDeployments } from './answers.ts';
import { ScalingoApiError } from './errors.ts';
import { backoffDelay, sleep } from '../shared/async.ts';
import { type HttpClient, type RetryPolicy } from './http.ts';
import type { Deployment, Pagination } from './types.ts';

// Date headers have 1 s resolution and created_at comes from another host's clock.
const CLOCK_SLACK_MS = 2000;

/**
 * Did the request possibly reach Scalingo without us seeing the answer? A 429 is not among them:
 * the rate limiter refused the request before it ran, so it is simply sent again (by the HTTP
 * client, after backing off) without listing the deployments first, a request the token's
 * budget is better without.
 */
function outcomeUnknown(error: unknown): boolean {
  return (
    error instanceof ScalingoApiError &&
    (error.kind === 'network' ||
      error.kind === 'server' ||
      // A 2xx without the deployment: it may well exist, unreadable.
      error.kind === 'malformed')
  );
}

export class Deployments implements DeploymentsResource {
  #http: HttpClient;
  #retry: RetryPolicy;

  constructor(http: HttpClient, retry: RetryPolicy) {
    this.#http = http;
    this.#retry = retry;
  }

  /**
   * A lost response does not mean no deployment: before posting again we look for one with our
   * git_ref created since the first attempt, so a retry never starts a second build.
   */
  async create(app: string, params: { sourceUrl: string; gitRef: string }): Promise<Deployment> {
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#post(app, params);
      } catch (error) {
        if (!outcomeUnknown(error) || attempt >= this.#retry.retries) throw error;
        const delay = backoffDelay(attempt, this.#retry.baseDelayMs, this.#retry.maxDelayMs);
        this.#http.logger.debug(
          `POST deployments of '${app}': ${(error as ScalingoApiError).kind} failure, checking whether it was created (retry ${attempt + 1} of ${this.#retry.retries})`,
        );
        await sleep(delay);
        // Judged on Scalingo's clock: the skew is known once any response (the exchange at least) came back.
        const adopted = await this.#findCreated(app, params.gitRef, startedAt + this.#http.skewMs - CLOCK_SLACK_MS);
        if (adopted) {
          this.#http.logger.debug(
            `Deployment ${adopted.id} of '${app}' was created despite the lost response; following it`,
          );
          return adopted;
        }
      }
    }
  }

  async #post(app: string, params: { sourceUrl: string; gitRef: string }): Promise<Deployment> {
    const res = await this.#http.request<{ deployment: Deployment }>({
      method: 'POST',
      url: this.#http.api(`${appPath(app)}/deployments`),
      body: { deployment: { source_url: params.sourceUrl, git_ref: params.gitRef } },
      expect: [201, 200],
      // Only a 429 is sent again by the client; any other failure comes back to create().
      idempotent: false,
      read: readDeployment,
      what: `create a deployment of '${app}'`,
      app,
    });
    return res.body.deployment;
  }

  async #findCreated(app: string, gitRef: string, since: number): Promise<Deployment | undefined> {
    const { deployments } = await this.list(app, { page: 1, perPage: 20 });
    return deployments.find((d) => d.git_ref === gitRef && Date.parse(d.created_at) >= since);
  }

  async get(app: string, id: string, options: { signal?: AbortSignal } = {}): Promise<Deployment> {
    const res = await this.#http.request<{ deployment: Deployment }>({
      method: 'GET',
      url: this.#http.api(`${appPath(app)}/deployments/${encodeURIComponent(id)}`),
      expect: [200],
      idempotent: true,
      read: readDeployment,
      what: `read deployment ${id} of '${app}'`,
      app,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return res.body.deployment;
  }

  async list(
    app: string,
    params: { page?: number; perPage?: number } = {},
  ): Promise<{ deployments: Deployment[]; pagination?: Pagination }> {
    const res = await this.#http.request<{ deployments: Deployment[]; meta?: { pagination?: Pagination } }>({
      method: 'GET',
      url: this.#http.api(`${appPath(app)}/deployments`),
      query: { page: params.page ?? 1, per_page: params.perPage ?? 20 },
      expect: [200],
      idempotent: true,
      read: readDeployments,
      what: `list the deployments of '${app}'`,
      app,
    });
    const pagination = res.body.meta?.pagination;
    return pagination
      ? { deployments: res.body.deployments ?? [], pagination }
      : { deployments: res.body.deployments ?? [] };
  }

  /** The build log; '' when Scalingo has none yet (404). */
  async output(app: string, deployment: Deployment | string): Promise<string> {
    const id = typeof deployment === 'string' ? deployment : deployment.id;
    const link = typeof deployment === 'string' ? undefined : deployment.links?.output;
    // Follow links.output as given, but never hand our JWT to another host.
    const url =
      link && this.#http.isApiOrigin(link)
        ? link
        : this.#http.api(`${appPath(app)}/deployments/${encodeURIComponent(id)}/output`);
    try {
      const res = await this.#http.request<string>({
        method: 'GET',
        url,
        expect: [200],
        idempotent: true,
        text: true,
        what: `read the build log of deployment ${id} of '${app}'`,
        app,
      });
      return res.body;
    } catch (error) {
      if (error instanceof ScalingoApiError && error.kind === 'not-found' && error.resource !== 'app') return '';
      throw error;
    }
  }
}
