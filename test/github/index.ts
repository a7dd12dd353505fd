import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitFixture } from './git-fixture.ts';
import { answerGraphQL } from './graphql.ts';
import { json, type Ctx, type DoubleCore, type Reply, type Route } from './kit.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { pullRoutes } from './routes/pulls.ts';
import { addRelease, releaseRoutes } from './routes/releases.ts';
import { repoRoutes } from './routes/repos.ts';
import type { DoubleState, ReleaseRecord } from './state.ts';

export { GitFixture } from './git-fixture.ts';
export type { FixtureAuthor, MergeStrategy, PullRequestSpec } from './git-fixture.ts';
export type { FixturePullRequest } from './pull-requests.ts';
export type { DeploymentRecord, DeploymentStatusRecord, ReleaseRecord } from './state.ts';

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

export interface GitHubDoubleOptions {
  owner?: string;
  repo?: string;
  token?: string;
  /** An empty directory to create the repository in (kept on close); default a temp dir (removed). */
  repoDir?: string;
  /** Largest per_page honoured (GitHub: 100); lower it to exercise pagination. */
  maxPerPage?: number;
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
  maxPerPage: number;
  close(): Promise<void>;
}

const routes: Route[] = [...pullRoutes, ...repoRoutes, ...deploymentRoutes, ...releaseRoutes];

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'x-github-media-type': 'github.v3; format=json', ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(payload);
}

export async function startGitHubDouble(options: GitHubDoubleOptions = {}): Promise<GitHubDouble> {
  const dir = options.repoDir ?? mkdtempSync(join(tmpdir(), 'github-double-'));
  const owner = options.owner ?? 'acme';
  const git = new GitFixture(dir, owner);
  const token = options.token ?? `ghs_${randomBytes(18).toString('base64url')}`;
  const journal: JournalEntry[] = [];
  const faults: (FaultRule & { left: number })[] = [];
  let lastId = 1000;
  const state: DoubleState = {
    deployments: [],
    statuses: [],
    releases: [],
    get pulls() {
      return git.pulls.all();
    },
    nextId: () => ++lastId,
  };
  const core: DoubleCore = {
    url: '', owner, repo: options.repo ?? 'shop', htmlUrl: '', git, state,
    maxPerPage: options.maxPerPage ?? 100, archiveTokens: new Map(), deploymentsDenied: false,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', core.url);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/\/+$/, '') || '/';
    const body = await readBody(req);
    const entry: JournalEntry = { method, path, query: Object.fromEntries(url.searchParams), body, status: 0 };
    journal.push(entry);

    const fault = faults.find((f) => f.left > 0 && (!f.method || f.method === method) &&
      (typeof f.path === 'string' ? path === f.path || path.endsWith(f.path) : f.path.test(path)));
    const answersItself = fault && (fault.drop || fault.status !== undefined || fault.body !== undefined || fault.headers !== undefined);
    if (fault) {
      fault.left--;
      entry.faulted = true;
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    }
    if (fault && answersItself) {
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      entry.status = fault.status ?? 500;
      send(res, { status: entry.status, headers: fault.headers ?? {}, body: fault.body ?? { message: 'Server Error' } });
      return;
    }

    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    const authorization = req.headers.authorization ?? '';
    const authorized = authorization === `token ${token}` || authorization === `Bearer ${token}`;
    let reply: Reply;
    if (!route?.public && !authorized) {
      reply = json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    } else if (method === 'POST' && path === '/graphql') {
      const outcome = await answerGraphQL(core, body);
      entry.graphql = outcome.operation;
      reply = outcome.reply;
    } else if (!route) {
      reply = json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    } else {
      const params = (route.pattern.exec(path) ?? []).slice(1).map((p) => p ?? '');
      const [owner, repo] = params;
      if (owner?.toLowerCase() !== core.owner.toLowerCase() || repo?.toLowerCase() !== core.repo.toLowerCase()) {
        reply = json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
      } else {
        const ctx: Ctx = { method, path, params, query: url.searchParams, body, core, req, res };
        reply = await route.handle(ctx);
      }
    }
    entry.status = reply.status;
    if (!reply.streamed) send(res, reply);
  };

  const server = createServer((req, res) => {
    // A client that gave up on a delayed answer has gone: nothing to write to.
    res.on('error', () => {});
    handle(req, res).catch((error: unknown) => {
      const last = journal.at(-1);
      if (last && last.status === 0) last.status = 500;
      if (!res.headersSent) send(res, json(500, { message: `GitHub double bug: ${(error as Error).stack ?? String(error)}` }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  core.url = `http://127.0.0.1:${port}`;
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
    mutations: () => journal.filter((e) => ['POST', 'PATCH', 'PUT', 'DELETE'].includes(e.method) && e.graphql !== 'query' && e.graphql !== 'invalid'),
    state,
    fault: (rule) => faults.push({ ...rule, left: rule.times ?? 1 }),
    denyDeployments: (denied = true) => {
      core.deploymentsDenied = denied;
    },
    addRelease: (fields) => addRelease(core, fields),
    get maxPerPage() {
      return core.maxPerPage;
    },
    set maxPerPage(value: number) {
      core.maxPerPage = value;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.repoDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
