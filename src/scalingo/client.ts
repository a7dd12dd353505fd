// ScalingoClient: the ScalingoApi over HTTP. One instance per action run; it holds the session
// token and the addon tokens it gets, and masks each of them the moment it exists.
import type { Logger } from '../shared/logger.ts';
import type {
  AddonCatalogResource,
  AddonsResource,
  ChildAppsResource,
  AppsResource,
  BackupsResource,
  DeploymentsResource,
  DeploymentStreamResource,
  LogsResource,
  OneOffResource,
  OperationsResource,
  ScalingoApi,
  ScmRepoLinkResource,
  SourcesResource,
  VariablesResource,
} from './api.ts';
import { AddonCatalog } from './addon-catalog.ts';
import { Addons } from './addons.ts';
import { ChildApps } from './child-apps.ts';
import { Apps } from './apps.ts';
import { Backups } from './backups.ts';
import { DeploymentStreams } from './deployment-stream.ts';
import { Deployments } from './deployments.ts';
import { Logs } from './logs.ts';
import { DEFAULT_RETRY, HttpClient, type RetryPolicy } from './http.ts';
import { OneOffs } from './one-off.ts';
import { Operations } from './operations.ts';
import { ScmRepoLinks } from './scm-repo-link.ts';
import { Sources } from './sources.ts';
import { Variables } from './variables.ts';

export interface ScalingoClientOptions {
  apiToken: string;
  /** Origins without /v1 or /api, e.g. https://api.osc-fr1.scalingo.com (see readScalingoSettings). */
  apiUrl: string;
  authUrl: string;
  dbApiUrl: string;
  logger: Logger;
  userAgent?: string;
  retry?: Partial<RetryPolicy>;
  /** Operation and backup polling period (1 s like the CLI; tests shorten it). */
  pollIntervalMs?: number;
  /** Pause before reconnecting a dropped deployment stream. */
  streamReconnectMs?: number;
  /** Per-request timeout of API calls (not of uploads, streams or attaches). */
  requestTimeoutMs?: number;
}

export class ScalingoClient implements ScalingoApi {
  readonly apps: AppsResource;
  readonly deployments: DeploymentsResource;
  readonly deploymentStream: DeploymentStreamResource;
  readonly sources: SourcesResource;
  readonly scmRepoLink: ScmRepoLinkResource;
  readonly oneOff: OneOffResource;
  readonly operations: OperationsResource;
  readonly variables: VariablesResource;
  readonly addons: AddonsResource;
  readonly addonCatalog: AddonCatalogResource;
  readonly childApps: ChildAppsResource;
  readonly backups: BackupsResource;
  readonly logs: LogsResource;

  constructor(options: ScalingoClientOptions) {
    const retry: RetryPolicy = { ...DEFAULT_RETRY, ...stripUndefined(options.retry ?? {}) };
    const userAgent = options.userAgent ?? 'scalingo-actions';
    const pollIntervalMs = options.pollIntervalMs ?? 1000;
    const http = new HttpClient({
      apiToken: options.apiToken,
      apiUrl: options.apiUrl,
      authUrl: options.authUrl,
      dbApiUrl: options.dbApiUrl,
      logger: options.logger,
      userAgent,
      retry,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    });
    const operations = new Operations(http, pollIntervalMs);
    this.apps = new Apps(http, operations);
    this.deployments = new Deployments(http, retry);
    this.deploymentStream = new DeploymentStreams(http, userAgent, options.streamReconnectMs ?? 1000);
    this.sources = new Sources(http, userAgent);
    this.scmRepoLink = new ScmRepoLinks(http);
    this.oneOff = new OneOffs(http, userAgent);
    this.operations = operations;
    this.variables = new Variables(http);
    const addons = new Addons(http);
    this.addons = addons;
    this.addonCatalog = new AddonCatalog(http);
    this.childApps = new ChildApps(http);
    this.backups = new Backups(http, addons, pollIntervalMs);
    this.logs = new Logs(http);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
