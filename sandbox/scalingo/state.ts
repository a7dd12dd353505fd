// What the sandbox remembers about each app. Tests may read it through sandbox.app(name); the
// JSON the API returns is built from it in views.ts.
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddonState, BackupState } from './state-addons.ts';
import type { ReviewAppState, ScmRepoLinkState } from './state-scm.ts';

export type { AddonScenario, AddonState, BackupState } from './state-addons.ts';
export type { PullRequestState, ReviewAppState, ScmRepoLinkState, ScmSettings } from './state-scm.ts';

export type AddonKind = 'postgresql' | 'mysql' | 'mongodb' | 'redis';

export interface DeploymentState {
  id: string;
  appId: string;
  createdAt: string;
  finishedAt: string | null;
  status: string;
  gitRef: string | null;
  previousGitRef: string | null;
  type: string;
  sourceUrl: string | null;
  postdeployHook: string | null;
  /** Build log, one entry per line (without the newline). */
  log: string[];
  /** SCM deployments of review apps are pushed by Scalingo's own user, not the token's. */
  pusher?: { id: string; username: string; email: string };
}

export interface DeploymentScenario {
  status?: string;
  logLines?: string[];
  /** Appended to the app's runtime logs as `[web-1]` lines when the deployment fails at start. */
  runtimeLogLines?: string[];
  phaseMs?: number;
  times?: number;
}

export interface OneOffScenario {
  operationError?: string;
  waitStatus?: 408;
  cutAfterBytes?: number;
  times?: number;
}

export interface BackupScenario {
  status: 'error';
  times?: number;
}

export interface RestartScenario {
  operationError?: string;
  times?: number;
}

export interface OperationState {
  id: string;
  type: string;
  status: 'pending' | 'running' | 'done' | 'error';
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  startOneOffData?: { attach_url: string; container_id: string };
}

export interface OneOffState {
  containerId: string;
  typeIndex: number;
  label: string;
  command: string;
  env: Record<string, string>;
  size: string;
  detached: boolean;
  createdAt: string;
  state: 'booting' | 'running' | 'stopped';
  operationId: string;
  scenario: OneOffScenario | undefined;
  attached: boolean;
  /** Everything the process wrote (stdout+stderr), for assertions. */
  output: string;
  exitCode: number | null;
  process?: ChildProcess;
  exited: Promise<number>;
  resolveExit: (code: number) => void;
}

export interface VariableState {
  id: string;
  name: string;
  value: string;
}

export interface AppState {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  status: string;
  parentName: string | null;
  /** Oldest first; the API lists newest first. */
  deployments: DeploymentState[];
  variables: VariableState[];
  addons: AddonState[];
  backups: BackupState[];
  operations: Map<string, OperationState>;
  oneOffs: OneOffState[];
  scmRepoLink: ScmRepoLinkState | null;
  reviewApps: ReviewAppState[];
  webStatus: number;
  /** App log lines (postdeploy, one-offs), as the logs URL serves them. */
  logs: string[];
  /** Process types and their formation (GET/POST …/containers, scale). */
  formation: { name: string; command: string; amount: number; size: string }[];
  logsToken: string;
  releaseDir: string | undefined;
  /** A review app's manifest `scripts.first-deploy`: its postdeploy hook until a deployment succeeds. */
  firstDeployScript: string | null;
  /**
   * The variables (aliases expanded) the app's containers run with: taken at each successful
   * deployment and each restart; null until the app first runs.
   */
  runningVariables: Record<string, string> | null;
  /** Ids of the running containers by label (web-1...), stable across `GET …/ps` calls. */
  containerIds: Map<string, string>;
  scenarios: {
    deployment: DeploymentScenario[];
    oneOff: OneOffScenario[];
    backup: BackupScenario[];
    restart: RestartScenario[];
  };
}

/** 24 hex digits, like the ids Scalingo's Mongo-backed API hands out. */
export function objectId(): string {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return time + randomBytes(8).toString('hex');
}

export function uuid(): string {
  return randomUUID();
}

export function now(): string {
  return new Date().toISOString();
}

/** Takes the next scenario from a queue, honouring `times` (default 1). */
export function takeScenario<T extends { times?: number }>(queue: T[]): T | undefined {
  const head = queue[0];
  if (!head) return undefined;
  const left = (head.times ?? 1) - 1;
  if (left <= 0) queue.shift();
  else head.times = left;
  return head;
}

export function newApp(name: string, parentName: string | null = null): AppState {
  const at = now();
  return {
    id: objectId(),
    name,
    createdAt: at,
    updatedAt: at,
    status: 'new',
    parentName,
    deployments: [],
    variables: [],
    addons: [],
    backups: [],
    operations: new Map(),
    oneOffs: [],
    scmRepoLink: null,
    reviewApps: [],
    webStatus: 200,
    logs: [],
    formation: [{ name: 'web', command: '', amount: 1, size: 'M' }],
    logsToken: randomBytes(16).toString('hex'),
    releaseDir: undefined,
    firstDeployScript: null,
    runningVariables: null,
    containerIds: new Map(),
    scenarios: { deployment: [], oneOff: [], backup: [], restart: [] },
  };
}

export const IN_PROGRESS = new Set(['queued', 'building', 'pushing', 'starting']);

/** A line of the app's logs, in the logs service format. */
export function appLogLine(app: AppState, container: string, message: string): void {
  const at = new Date().toISOString().replace('T', ' ').replace('Z', '000000 +0000 UTC');
  app.logs.push(`${at} [${container}] ${message}`);
}
