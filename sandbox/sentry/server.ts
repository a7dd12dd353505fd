import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasPermission, type SentryToken } from './auth.ts';
import type { SentryFaultRule, SentryJournalEntry } from './index.ts';
import { json, notFound, type Ctx, type Reply, type Route, type SentryCore } from './kit.ts';
import { deployRoutes } from './routes/deploys.ts';
import { issueRoutes } from './routes/issues.ts';
import { orgRoutes } from './routes/org.ts';
import { releaseRoutes } from './routes/releases.ts';
import { readJsonBody } from '../json-body.ts';

// previous-with-commits and deploys before the release details pattern they would otherwise match.
const routes: Route[] = [...deployRoutes, ...orgRoutes, ...releaseRoutes, ...issueRoutes];

export interface Dispatch {
  core: SentryCore;
  journal: SentryJournalEntry[];
  faults: (SentryFaultRule & { left: number })[];
  timers: Set<NodeJS.Timeout>;
  /** Fixed-window counts and requests in flight, per caller and endpoint (facts A8). */
  windows: Map<string, { start: number; count: number }>;
  inflight: Map<string, number>;
}

function send(res: ServerResponse, reply: Reply): void {
  const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(payload);
}

/** The 429 Sentry's middleware answers, with its rate-limit headers (facts A7/A8). */
export function rateLimited(core: SentryCore, resetAt: number): Reply {
  const limits = core.settings.rateLimit || { limit: 40, windowSeconds: 1, concurrentLimit: 25 };
  return json(
    429,
    {
      detail:
        'You are attempting to use this endpoint too frequently. ' +
        `Limit is ${limits.limit} requests in ${limits.windowSeconds} seconds`,
    },
    {
      'x-sentry-rate-limit-limit': String(limits.limit),
      'x-sentry-rate-limit-remaining': '0',
      'x-sentry-rate-limit-reset': String(Math.ceil(resetAt / 1000)),
      'x-sentry-rate-limit-concurrentlimit': String(limits.concurrentLimit),
      'x-sentry-rate-limit-concurrentremaining': String(limits.concurrentLimit),
      ...(core.settings.retryAfter
        ? { 'retry-after': String(Math.max(1, Math.ceil((resetAt - core.now()) / 1000))) }
        : {}),
    },
  );
}

function faultReply(core: SentryCore, fault: SentryFaultRule): Reply {
  const status = fault.status ?? 500;
  if (status === 429 && fault.body === undefined) {
    const limited = rateLimited(
      core,
      core.now() + 1000 * (core.settings.rateLimit ? core.settings.rateLimit.windowSeconds : 1),
    );
    return { ...limited, headers: { ...limited.headers, ...fault.headers } };
  }
  const body = fault.body ?? { detail: status === 500 ? 'Internal Error' : `Error ${status}` };
  return json(status, body, fault.headers);
}

/** Counts the request in its window; the 429 when over the limit, else the headers every answer carries. */
function meter(d: Dispatch, key: string, inflight: number): { refusal?: Reply; headers: Record<string, string> } {
  const limits = d.core.settings.rateLimit;
  if (!limits || d.core.settings.selfHosted) return { headers: {} };
  const now = d.core.now();
  const windowMs = limits.windowSeconds * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  const window = d.windows.get(key);
  const current = window && window.start === start ? window : { start, count: 0 };
  d.windows.set(key, current);
  if (current.count >= limits.limit || inflight > limits.concurrentLimit)
    return { refusal: rateLimited(d.core, start + windowMs), headers: {} };
  current.count++;
  return {
    headers: {
      'x-sentry-rate-limit-limit': String(limits.limit),
      'x-sentry-rate-limit-remaining': String(limits.limit - current.count),
      'x-sentry-rate-limit-reset': String(Math.ceil((start + windowMs) / 1000)),
      'x-sentry-rate-limit-concurrentlimit': String(limits.concurrentLimit),
      'x-sentry-rate-limit-concurrentremaining': String(limits.concurrentLimit - inflight),
    },
  };
}

function wait(d: Dispatch, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      d.timers.delete(timer);
      resolve();
    }, ms);
    d.timers.add(timer);
  });
}

/** One request: journal, route, token, fault, rate limit, permission, answer. */
export async function dispatch(d: Dispatch, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { core } = d;
  const url = new URL(req.url ?? '/', core.url);
  const method = req.method ?? 'GET';
  const rawPath = url.pathname;
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch {
    return;
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length > 1 ? values : values[0]!;
  }
  const entry: SentryJournalEntry = { method, path: decodeURIComponent(rawPath), rawPath, query, body, status: 0 };
  d.journal.push(entry);
  const route = routes.find((r) => r.method === method && r.pattern.test(rawPath));
  const [, presented] = /^Bearer (.+)$/.exec(req.headers.authorization ?? '') ?? [];
  const token: SentryToken | undefined = presented ? core.tokens.get(presented) : undefined;
  if (token) entry.token = token.kind;
  const key = `${token?.token ?? ''} ${route?.name ?? ''}`;
  const inflight = (d.inflight.get(key) ?? 0) + 1;
  d.inflight.set(key, inflight);
  try {
    const reply = await answer();
    if (!reply) return;
    entry.status = reply.status;
    send(res, reply);
  } catch (error) {
    entry.status = 500;
    if (!res.headersSent) send(res, json(500, { detail: `Sentry double bug: ${(error as Error).stack ?? error}` }));
  } finally {
    d.inflight.set(key, (d.inflight.get(key) ?? 1) - 1);
  }

  async function answer(): Promise<Reply | undefined> {
    const trimmed = rawPath.replace(/\/+$/, '');
    const fault = d.faults.find(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method === method) &&
        (typeof f.path === 'string'
          ? [rawPath, trimmed, entry.path].some((p) => p === f.path || p.endsWith(f.path as string))
          : f.path.test(entry.path)),
    );
    if (fault) {
      fault.left--;
      entry.faulted = true;
      if (fault.delayMs) await wait(d, fault.delayMs);
      if (fault.drop) {
        req.socket.destroy();
        return undefined;
      }
      if (fault.status !== undefined || fault.body !== undefined || fault.headers !== undefined)
        return faultReply(core, fault);
    }
    if (!route) return notFound();
    if (!presented) return json(401, core.settings.bodies.unauthenticated);
    if (!token) return json(401, core.settings.bodies.badToken);
    const params = (route.pattern.exec(rawPath) ?? []).slice(1).map((p) => decodeURIComponent(p ?? ''));
    if (params[0] !== core.org) return notFound();
    const { refusal, headers } = meter(d, key, inflight);
    if (refusal) {
      entry.rateLimited = true;
      return refusal;
    }
    if (!hasPermission(token, route.permission, core.settings))
      return route.hideForbidden ? notFound() : json(403, core.settings.bodies.forbidden, headers);
    const ctx: Ctx = { method, params, query: url.searchParams, body, core, token, pathUrl: `${core.url}${rawPath}` };
    const reply = await route.handle(ctx);
    return { ...reply, headers: { ...headers, ...reply.headers } };
  }
}
