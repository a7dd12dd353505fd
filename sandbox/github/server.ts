import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerGraphQL } from './graphql.ts';
import { json, notAccessible, type Ctx, type DoubleCore, type Reply, type Route } from './kit.ts';
import { contentRefusal, graphqlLimitReply, operationOf, recordContent } from './rate-limits.ts';
import { commentRoutes } from './routes/comments.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { environmentRoutes } from './routes/environments.ts';
import { issueRoutes } from './routes/issues.ts';
import { milestoneRoutes } from './routes/milestones.ts';
import { pullRoutes } from './routes/pulls.ts';
import { releaseRoutes } from './routes/releases.ts';
import { repoRoutes } from './routes/repos.ts';
import { statusRoutes } from './routes/statuses.ts';
import type { FaultRule, JournalEntry } from './index.ts';
import type { TokenIdentity } from './tokens.ts';
import { readJsonBody } from '../json-body.ts';

const routes: Route[] = [
  ...commentRoutes,
  ...issueRoutes,
  ...milestoneRoutes,
  ...pullRoutes,
  ...repoRoutes,
  ...deploymentRoutes,
  ...statusRoutes,
  ...environmentRoutes,
  ...releaseRoutes,
];

const ANONYMOUS: TokenIdentity = {
  token: '',
  login: '',
  id: 0,
  type: 'User',
  push: false,
  admin: false,
  readOnly: true,
  association: 'NONE',
};

const WRITES = ['POST', 'PATCH', 'PUT', 'DELETE'];

export interface Dispatch {
  core: DoubleCore;
  journal: JournalEntry[];
  faults: (FaultRule & { left: number })[];
  /** Pending fault delays, cleared on close so a hung answer never outlives the double. */
  timers: Set<NodeJS.Timeout>;
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

/** One request: journal it, apply a matching fault, check auth, answer from the routes. */
export async function dispatch(d: Dispatch, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { core, journal, faults } = d;
  const url = new URL(req.url ?? '/', core.url);
  const method = req.method ?? 'GET';
  const path = decodeURIComponent(url.pathname).replace(/\/+$/, '') || '/';
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch {
    return; // the client went away mid-request
  }
  const entry: JournalEntry = { method, path, query: Object.fromEntries(url.searchParams), body, status: 0 };
  journal.push(entry);
  try {
    await answer();
  } catch (error) {
    entry.status = 500;
    if (!res.headersSent)
      send(res, json(500, { message: `GitHub double bug: ${(error as Error).stack ?? String(error)}` }));
    else res.destroy();
  }

  async function answer(): Promise<void> {
    const fault = faults.find(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method === method) &&
        (typeof f.path === 'string' ? path === f.path || path.endsWith(f.path) : f.path.test(path)),
    );
    const answersItself =
      fault && (fault.drop || fault.status !== undefined || fault.body !== undefined || fault.headers !== undefined);
    if (fault) {
      fault.left--;
      entry.faulted = true;
      if (fault.delayMs) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            d.timers.delete(timer);
            resolve();
          }, fault.delayMs);
          d.timers.add(timer);
        });
      }
    }
    if (fault && answersItself) {
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      entry.status = fault.status ?? 500;
      send(res, {
        status: entry.status,
        headers: fault.headers ?? {},
        body: fault.body ?? { message: 'Server Error' },
      });
      return;
    }

    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    const [, scheme, presented = ''] = /^(token|Bearer) (.+)$/.exec(req.headers.authorization ?? '') ?? [];
    const identity = scheme ? core.tokens.get(presented) : undefined;
    if (identity) entry.login = identity.login;
    let reply: Reply;
    if (!route?.public && !identity) {
      reply = json(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    } else if (method === 'POST' && path === '/graphql' && identity && core.limits.graphql.left > 0) {
      core.limits.graphql.left--;
      entry.graphql = operationOf(body);
      entry.limited = 'graphql';
      reply = graphqlLimitReply(core, identity);
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
      } else if (identity?.readOnly && WRITES.includes(method)) {
        reply = notAccessible();
      } else {
        const refusal = route.createsContent ? contentRefusal(core) : undefined;
        if (refusal) {
          entry.limited = 'secondary';
          reply = refusal;
        } else {
          const ctx: Ctx = {
            method,
            path,
            params,
            query: url.searchParams,
            body,
            core,
            identity: identity ?? ANONYMOUS,
            req,
            res,
          };
          reply = await route.handle(ctx);
          if (route.createsContent && reply.status < 300) recordContent(core);
        }
      }
    }
    entry.status = reply.status;
    if (!reply.streamed) send(res, reply);
  }
}
