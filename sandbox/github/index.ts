import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pullRequestEvent, type PullRequestEvent, type PullRequestEventSpec } from './events.ts';
import { GitFixture } from './git-fixture.ts';
import { addIssue, type IssueSpec } from './issues.ts';
import type { DoubleCore } from './kit.ts';
import { newRateLimits, type GraphQLRateLimit } from './rate-limits.ts';
import { addRelease } from './routes/releases.ts';
import { dispatch } from './server.ts';
import { resolveSettings, type DoubleSettings, type SettingsOptions } from './settings.ts';
import type { DoubleState, IssueRecord, ReleaseRecord } from './state.ts';
import { ACTIONS_BOT, identityFor, type TokenIdentity, type TokenSpec } from './tokens.ts';

export { GitFixture } from './git-fixture.ts';
export type { FixtureAuthor, MergeStrategy, PullRequestSpec } from './git-fixture.ts';
export type { FixturePullRequest } from './pull-requests.ts';
export type { PullRequestEvent, PullRequestEventSpec } from './events.ts';
export type { IssueSpec } from './issues.ts';
export { secondaryRateLimitFault } from './rate-limits.ts';
export type { DoubleSettings } from './settings.ts';
export type { TokenIdentity, TokenSpec } from './tokens.ts';
export type {
  CommentRecord,
  DeploymentRecord,
  DeploymentStatusRecord,
  EnvironmentRecord,
  IssueRecord,
  MilestoneRecord,
  ReleaseRecord,
} from './state.ts';

export interface JournalEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** For POST /graphql: what the document was (an invalid one counts as neither). */
  graphql?: 'query' | 'mutation' | 'invalid';
  /** The answer came from a fault rule. */
  faulted?: boolean;
  /** Login of the account the request's token acts as (absent without a known token). */
  login?: string;
  /** Refused by a rate limit: the content-creation secondary limit, or a scripted GraphQL one. */
  limited?: 'secondary' | 'graphql';
}

export interface FaultRule {
  method?: string;
  /** A string matches the exact path or a path ending with it; GraphQL is '/graphql'. */
  path: string | RegExp;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
  /** Wait this long first; with no status, body or drop, the real answer follows the wait. */
  delayMs?: number;
}

export interface GitHubDoubleOptions extends SettingsOptions {
  owner?: string;
  repo?: string;
  /** The default token (acting as github-actions[bot], as a workflow's GITHUB_TOKEN); default random `ghs_…`. */
  token?: string;
  /** More tokens, each acting as its own account (see addToken). */
  tokens?: TokenSpec[];
  /** The clock (ms since epoch) for comment times and rate-limit windows; default Date.now. */
  now?: () => number;
  /** An empty directory to create the repository in (kept on close); default a temp dir (removed). */
  repoDir?: string;
  /** Largest per_page honoured (GitHub: 100); lower it to exercise pagination. */
  maxPerPage?: number;
  /**
   * A hostname only a proxy can reach (proxy tests): the API answers as `https://<publicHost>:<port>`.
   * Archive (codeload) links stay on loopback: Scalingo fetches them, not the action.
   */
  publicHost?: string;
}

export interface GitHubDouble {
  url: string;
  apiUrl: string;
  graphqlUrl: string;
  htmlUrl: string;
  token: string;
  owner: string;
  repo: string;
  git: GitFixture;
  journal: JournalEntry[];
  mutations(): JournalEntry[];
  state: DoubleState;
  fault(rule: FaultRule): void;
  /** From now on every deployment write answers 403, as for a token without `deployments: write`. */
  denyDeployments(denied?: boolean): void;
  addRelease(fields: Partial<ReleaseRecord> & { tag_name: string }): ReleaseRecord;
  /** Another accepted token acting as `spec.login`; returns the token. */
  addToken(spec: TokenSpec): string;
  /** Who a token acts as. */
  identity(token: string): TokenIdentity | undefined;
  /** A plain issue; it takes the next number, shared with pull requests as on GitHub. */
  addIssue(spec: IssueSpec): IssueRecord;
  /** The next `times` GraphQL requests answer GitHub's GraphQL rate-limit error (200 with `errors`). */
  rateLimitGraphQL(options?: { times?: number } & Partial<Omit<GraphQLRateLimit, 'left'>>): void;
  /** The `pull_request` / `pull_request_target` payload (and runner variables) for a fixture PR. */
  pullRequestEvent(spec: PullRequestEventSpec): PullRequestEvent;
  /** How the double plays unconfirmed behaviour; change a field to play the other possibility. */
  settings: DoubleSettings;
  maxPerPage: number;
  close(): Promise<void>;
}

export async function startGitHubDouble(options: GitHubDoubleOptions = {}): Promise<GitHubDouble> {
  const dir = options.repoDir ?? mkdtempSync(join(tmpdir(), 'github-double-'));
  const owner = options.owner ?? 'acme';
  const git = new GitFixture(dir, owner);
  const token = options.token ?? `ghs_${randomBytes(18).toString('base64url')}`;
  const tokens = new Map<string, TokenIdentity>();
  for (const spec of [{ ...ACTIONS_BOT, token }, ...(options.tokens ?? [])]) {
    const identity = identityFor(spec);
    tokens.set(identity.token, identity);
  }
  const journal: JournalEntry[] = [];
  const faults: (FaultRule & { left: number })[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let lastId = 1000;
  const state: DoubleState = {
    deployments: [],
    statuses: [],
    releases: [],
    comments: [],
    milestones: [],
    issues: [],
    environments: [],
    get pulls() {
      return git.pulls.all();
    },
    nextId: () => ++lastId,
  };
  const core: DoubleCore = {
    url: '',
    owner,
    repo: options.repo ?? 'shop',
    htmlUrl: '',
    git,
    state,
    maxPerPage: options.maxPerPage ?? 100,
    loopbackUrl: '',
    archiveTokens: new Map(),
    deploymentsDenied: false,
    tokens,
    settings: resolveSettings(options),
    now: options.now ?? Date.now,
    limits: newRateLimits(),
  };

  const server = createServer((req, res) => {
    // A client that gave up on a delayed answer has gone: nothing to write to.
    res.on('error', () => {});
    void dispatch({ core, journal, faults, timers }, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  core.loopbackUrl = `http://127.0.0.1:${port}`;
  core.url = options.publicHost ? `https://${options.publicHost}:${port}` : core.loopbackUrl;
  core.htmlUrl = `${core.url}/${core.owner}/${core.repo}`;

  return {
    url: core.url,
    apiUrl: core.url,
    graphqlUrl: `${core.url}/graphql`,
    htmlUrl: core.htmlUrl,
    token,
    owner: core.owner,
    repo: core.repo,
    git,
    journal,
    mutations: () =>
      journal.filter(
        (e) =>
          ['POST', 'PATCH', 'PUT', 'DELETE'].includes(e.method) && e.graphql !== 'query' && e.graphql !== 'invalid',
      ),
    state,
    fault: (rule) => faults.push({ ...rule, left: rule.times ?? 1 }),
    denyDeployments: (denied = true) => {
      core.deploymentsDenied = denied;
    },
    addRelease: (fields) => addRelease(core, fields),
    addToken: (spec) => {
      const identity = identityFor(spec);
      tokens.set(identity.token, identity);
      return identity.token;
    },
    identity: (t) => tokens.get(t),
    addIssue: (spec) => addIssue(core, spec),
    rateLimitGraphQL: ({ times = 1, ...rest } = {}) => {
      Object.assign(core.limits.graphql, rest, { left: times });
    },
    pullRequestEvent: (spec) => pullRequestEvent(core, spec),
    get settings() {
      return core.settings;
    },
    set settings(value: DoubleSettings) {
      core.settings = value;
    },
    get maxPerPage() {
      return core.maxPerPage;
    },
    set maxPerPage(value: number) {
      core.maxPerPage = value;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.repoDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
