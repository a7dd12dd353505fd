// The public types of startSandbox(): its options, createApp's options and the Sandbox handle.
import type { FaultRule, JournalEntry } from './journal.ts';
import type { RateLimit } from './rate-limit.ts';
import type { PullRequestInput } from './review-apps.ts';
import type {
  AddonKind,
  AddonScenario,
  AppState,
  BackupScenario,
  BackupState,
  DeploymentScenario,
  OneOffScenario,
  RestartScenario,
  ScmSettings,
} from './state.ts';

export interface SandboxOptions {
  /** Loopback port to listen on (default: any free one). */
  port?: number;
  /**
   * A hostname only a proxy can reach (proxy tests): every URL the sandbox hands out is then
   * `https://<publicHost>:<port>/…`, and a TLS-terminating test proxy carries it to the loopback port.
   */
  publicHost?: string;
  apiToken?: string;
  jwtLifetimeSeconds?: number;
  phaseMs?: number;
  streamPingMs?: number;
  hookTimeoutMs?: number;
  oneOffTimeoutMs?: number;
  /** Send one-off output as a TTY does (`\r\n` line endings), like the real attach. Default false. */
  oneOffTty?: boolean;
  /** From POST /run to the start operation being done (default phaseMs). */
  oneOffStartMs?: number;
  /** From POST …/addons to the addon running (default 3 × phaseMs). */
  addonProvisionMs?: number;
  /** What a child app copies from its parent (unconfirmed, §17): default 'variables'. */
  childAppsCopy?: 'nothing' | 'variables' | 'variables-and-addons';
  /** Child app names: 6–48 (apps) or 6–32 (older child-apps text): unconfirmed, default 48. */
  childAppNameMax?: number;
  /** Name of a PR's review app (cutting or refusing long names is unconfirmed): default `<parent>-pr<N>`. */
  reviewAppName?: (parent: string, number: number) => string;
  /** Delay before a requested review app appears (unconfirmed): default 0, at once. */
  reviewAppDelayMs?: number;
  /** A new PR head redeploys its review app (unconfirmed for manual ones): default true. */
  reviewAppsAutoDeploy?: boolean;
  /** Body of manual_review_app's 200 (unconfirmed): `{}` (default) or `{"review_app":{…}}`. */
  manualReviewAppBody?: 'empty' | 'review_app';
  /** Review apps also listed by GET …/child_apps (unconfirmed): default true. */
  reviewAppsInChildApps?: boolean;
  /** Lifetime of signed backup-archive URLs (default 600). */
  signedUrlSeconds?: number;
  /** Addon provider ids: `postgresql`… (default) or `scalingo-postgresql`… (both forms exist, §18). */
  addonProviderIds?: 'short' | 'prefixed';
  /** Per-token limit on the regional API (off by default; Scalingo: 60 per minute). */
  rateLimit?: RateLimit | null;
}

export type AddonSpec = AddonKind | { kind: AddonKind; plan: string };

export interface CreateAppOptions {
  variables?: Record<string, string>;
  /** Running at once; each sets its `SCALINGO_*_URL` (not the alias, as before). */
  addons?: AddonSpec[];
  scmRepoLink?: {
    owner: string;
    repo: string;
    branch: string;
    headSha?: string;
    sourceUrl?: string;
    settings?: Partial<ScmSettings>;
  };
  status?: string;
  /** Declares it as a child app of that app (no copy: say what it has). */
  parent?: string;
}

export interface SandboxDatabase {
  addonId: string;
  /** The addon's URL, as SCALINGO_POSTGRESQL_URL holds it. */
  url: string;
  /** Runs SQL as the addon's own role (starting the server if needed); rows of the last statement. */
  query(sql: string): Promise<Record<string, unknown>[]>;
}

export interface Sandbox {
  url: string;
  apiUrl: string;
  authUrl: string;
  dbApiUrl: string;
  apiToken: string;
  journal: JournalEntry[];
  mutations(): JournalEntry[];
  createApp(name: string, options?: CreateAppOptions): void;
  deploymentScenario(app: string, scenario: DeploymentScenario): void;
  startDeployment(app: string, options: { gitRef: string; phaseMs?: number }): string;
  oneOffScenario(app: string, scenario: OneOffScenario): void;
  backupScenario(app: string, scenario: BackupScenario): void;
  /** A backup of the app's (first) PostgreSQL addon, or of that addon, as the daily one: resolves once done or in error. */
  takeBackup(app: string, addonId?: string): Promise<BackupState>;
  /** Next addon(s) provisioned on that app (which may not exist yet, e.g. a review app). */
  addonScenario(app: string, scenario: AddonScenario): void;
  restartScenario(app: string, scenario: RestartScenario): void;
  /** The app's PostgreSQL addon database (the first one, or that addon id). */
  database(app: string, addonId?: string): SandboxDatabase;
  /** Declares or updates a pull request of the app's repo link. */
  pullRequest(parent: string, pr: PullRequestInput): void;
  closePullRequest(parent: string, number: number): Promise<void>;
  setOneOffStartMs(ms: number): void;
  setRateLimit(limit: RateLimit | null): void;
  fault(rule: FaultRule): void;
  dropStreams(app?: string): void;
  dropStreamAfterFrames(app: string, frames: number): void;
  /** Deployment streams open and authenticated now (of one app, or all). */
  streamCount(app?: string): number;
  webStatus(app: string, status: number): void;
  releaseDir(app: string): string | undefined;
  app(name: string): AppState;
  close(): Promise<void>;
}
