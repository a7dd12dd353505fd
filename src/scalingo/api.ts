// The client surface that domain code (src/deploy, the actions) depends on. ScalingoClient
// (client.ts) implements it over HTTP; tests of orchestration may implement parts of it.
import type { Readable } from 'node:stream';
import type {
  Addon,
  AddonPlan,
  AddonProvider,
  App,
  Backup,
  Container,
  Deployment,
  DeploymentEvent,
  Operation,
  Pagination,
  ReviewApp,
  ScmRepoLink,
  Source,
  Variable,
} from './types.ts';

export interface RestartOptions {
  /** Process types or containers (`web`, `web-1`); empty restarts every container. */
  scope?: string[];
  timeoutMs?: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

export interface AppsResource {
  get(app: string): Promise<App>;
  restart(app: string, scope?: string[]): Promise<{ operationId: string | null }>;
  /** POST restart, then polls its operation until `done`; throws on `error` and past timeoutMs. */
  restartAndWait(app: string, options?: RestartOptions): Promise<Operation | null>;
}

export interface DeploymentsResource {
  /** POST /apps/:app/deployments. Never retried blindly: after a lost response it looks for the deployment it made. */
  create(app: string, params: { sourceUrl: string; gitRef: string }): Promise<Deployment>;
  /** `signal`: stop waiting for the answer (and its retries) once the caller no longer needs it. */
  get(app: string, id: string, options?: { signal?: AbortSignal }): Promise<Deployment>;
  /** Newest first. */
  list(
    app: string,
    params?: { page?: number; perPage?: number },
  ): Promise<{ deployments: Deployment[]; pagination?: Pagination }>;
  /** The full build log (follows links.output when the deployment carries it). */
  output(app: string, deployment: Deployment | string): Promise<string>;
}

export interface StreamHandlers {
  onEvent(event: DeploymentEvent): void;
  /** Called after a drop, before reconnecting. */
  onDisconnect?(reason: string): void;
}

export interface DeploymentStream {
  close(): void;
}

export interface DeploymentStreamResource {
  /**
   * Opens the app's deployments stream (app.links.deployments_stream), authenticates with the
   * `auth` frame and reconnects after a drop until close() is called.
   */
  open(streamUrl: string, handlers: StreamHandlers): DeploymentStream;
}

export interface SourcesResource {
  create(): Promise<Source>;
  /** PUT the archive file to the pre-signed upload URL: no bearer, explicit length, streamed with flat memory. */
  upload(source: Source, archivePath: string): Promise<void>;
}

export interface ScmRepoLinkResource {
  get(app: string): Promise<ScmRepoLink | null>;
  manualDeploy(app: string, branch: string): Promise<Deployment>;
  manualReviewApp(app: string, pullRequestNumber: number): Promise<void>;
  reviewApps(app: string): Promise<ReviewApp[]>;
}

export interface OneOffAttachment {
  /** Raw bytes of the one-off's stdout+stderr, as they come. Ends when the process ends or the socket drops. */
  output: Readable;
  /** Resolves once the socket has closed; `cut` is true when it closed by error instead of by the remote. */
  closed: Promise<{ cut: boolean; error?: Error }>;
  /** Ends the one-off's stdin (writes 0x04, as the CLI does on stdin EOF), so a prompt reads end of input. */
  endInput(): void;
  close(): void;
}

export interface OneOffResource {
  /** POST /apps/:app/run (attached). Returns the container and the operation to poll. */
  run(
    app: string,
    params: { command: string; env?: Record<string, string>; size?: string },
  ): Promise<{ container: Container; operationId: string }>;
  /** Opens the raw CONNECT attach to attach_url with Basic ":JWT". */
  attach(attachUrl: string): Promise<OneOffAttachment>;
  /** GET attach_url/wait: the exit code, or { killedForInactivity: true } on 408. */
  wait(attachUrl: string): Promise<{ exitCode: number } | { killedForInactivity: true }>;
  stop(app: string, containerId: string): Promise<void>;
}

export interface OperationsResource {
  get(app: string, id: string): Promise<Operation>;
  /** Polls every intervalMs (default 1 s) until done or error; throws on error with operation.error. */
  waitDone(
    app: string,
    id: string,
    options?: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal },
  ): Promise<Operation>;
}

export interface VariablesResource {
  list(app: string, options?: { aliases?: boolean }): Promise<Variable[]>;
  upsert(app: string, variables: { name: string; value: string }[]): Promise<Variable[]>;
  delete(app: string, id: string): Promise<void>;
  /** One DELETE for every id. */
  deleteMany(app: string, ids: readonly string[]): Promise<void>;
}

export interface LogsResource {
  /** GET /apps/:app/logs: the signed logs URL (masked before it is returned). */
  url(app: string): Promise<string>;
  /** The last `lines` lines of the app's runtime logs; [] when there are none yet (204/404). */
  tail(app: string, options?: { lines?: number; filter?: string; signal?: AbortSignal }): Promise<string[]>;
}

export interface ChildAppsResource {
  /** Every child of the parent, all pages. */
  list(parent: string): Promise<App[]>;
  /** Creates it, or finds the one an answer-less (or refused as taken) create made. */
  create(parent: string, name: string): Promise<App>;
  /** Deletes any app; false when it was already gone. */
  delete(app: string): Promise<boolean>;
}

export interface AddonCatalogResource {
  providers(): Promise<AddonProvider[]>;
  plans(providerId: string): Promise<AddonPlan[]>;
}

export interface AddonsResource {
  list(app: string): Promise<Addon[]>;
  provision(app: string, addon: { providerId: string; planId: string }): Promise<Addon>;
  get(app: string, addonId: string, options?: { signal?: AbortSignal }): Promise<Addon>;
  /** Removes an addon and its data; false when it was gone already. */
  remove(app: string, addonId: string): Promise<boolean>;
  /** A fresh addon JWT for the database API (masked). */
  token(app: string, addonId: string): Promise<string>;
}

export interface BackupsResource {
  /** `signal`: the caller's deadline (a `timeout` ScalingoApiError when it passes). */
  create(app: string, addonId: string, options?: { signal?: AbortSignal }): Promise<Backup>;
  get(app: string, addonId: string, backupId: string, options?: { signal?: AbortSignal }): Promise<Backup>;
  list(app: string, addonId: string): Promise<Backup[]>;
  archiveUrl(app: string, addonId: string, backupId: string): Promise<string>;
  /** Polls until done; throws on error/cancelled, after timeoutMs, and when the signal (a deadline) aborts. */
  waitDone(
    app: string,
    addonId: string,
    backupId: string,
    options?: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal; onStatus?: (b: Backup) => void },
  ): Promise<Backup>;
}

export interface ScalingoApi {
  apps: AppsResource;
  deployments: DeploymentsResource;
  deploymentStream: DeploymentStreamResource;
  sources: SourcesResource;
  scmRepoLink: ScmRepoLinkResource;
  oneOff: OneOffResource;
  operations: OperationsResource;
  variables: VariablesResource;
  addons: AddonsResource;
  addonCatalog: AddonCatalogResource;
  childApps: ChildAppsResource;
  backups: BackupsResource;
  logs: LogsResource;
}
