// The node:http server: journal first, then faults, then routing with auth. WebSocket upgrades go
// to the deployment stream, CONNECT requests to the one-off attach.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SandboxCore } from './core.ts';
import { authenticate, authKind, parseQuery, readBody, sendJson, sendText, type Ctx, type Router } from './http.ts';
import { faultBody, type FaultRule, type JournalEntry } from './journal.ts';

export type ConnectHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, entry: JournalEntry) => void;

export function sandboxServer(core: SandboxCore, router: Router, onConnect: ConnectHandler): Server {
  const server = createServer((req, res) => {
    handle(core, router, req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: `sandbox: ${(error as Error).message}` }));
      } else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    void upgrade(core, req, socket, head);
  });
  server.on('connect', (req, socket, head) => {
    void connect(core, req, socket, head, onConnect);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  return server;
}

function journalEntry(
  core: SandboxCore,
  req: IncomingMessage,
  path: string,
  query: JournalEntry['query'],
): JournalEntry {
  const entry: JournalEntry = {
    method: req.method ?? 'GET',
    path,
    query,
    body: null,
    status: 0,
    auth: authKind(req),
    time: Date.now(),
    headers: req.headers,
  };
  core.journal.push(entry);
  return entry;
}

/** Applies a fault: true when it answered (or dropped) the request itself. */
async function applyFault(
  core: SandboxCore,
  fault: FaultRule | undefined,
  entry: JournalEntry,
  answer: (status: number, type: string, body: string) => void,
  drop: () => void,
): Promise<boolean> {
  if (!fault) return false;
  entry.fault = true;
  if (fault.delayMs) await core.sleep(fault.delayMs);
  if (fault.drop) {
    entry.status = 0;
    drop();
    return true;
  }
  if (fault.status) {
    const standard = faultBody(fault.status);
    entry.status = fault.status;
    answer(
      fault.status,
      fault.body !== undefined && !fault.body.trimStart().startsWith('{')
        ? 'text/plain; charset=utf-8'
        : standard.contentType,
      fault.body ?? standard.body,
    );
    return true;
  }
  return false;
}

async function handle(core: SandboxCore, router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = req.method ?? 'GET';
  const entry = journalEntry(core, req, url.pathname, parseQuery(url.searchParams));
  const match = router.match(method, url.pathname);
  let invalidJson = false;
  if (!match?.route.stream) {
    const raw = await readBody(req);
    const text = raw.toString('utf8').trim();
    if (text !== '') {
      try {
        entry.body = JSON.parse(text);
      } catch {
        invalidJson = /^\/(v1|api)\//.test(url.pathname);
      }
    }
  }
  const fault = core.faults.take(method, url.pathname);
  const answered = await applyFault(
    core,
    fault,
    entry,
    (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    },
    () => req.socket.destroy(),
  );
  if (answered) return;
  const ctx: Ctx = {
    req,
    res,
    method,
    path: url.pathname,
    query: entry.query,
    body: entry.body,
    params: match?.params ?? {},
    entry,
    claims: null,
  };
  if (invalidJson) return sendJson(ctx, 400, { error: 'invalid JSON' });
  if (!match) return sendJson(ctx, 404, { error: 'not found' });
  const claims = authenticate(ctx, match.route.auth, core.jwt);
  if (claims === null) {
    if (match.route.stream) req.resume();
    return;
  }
  ctx.claims = claims === 'ok' ? null : claims;
  if (ctx.claims && match.route.auth === 'user' && core.rateLimiter.counts(url.pathname)) {
    if (!core.rateLimiter.take(ctx.claims.uuid)) {
      if (match.route.stream) req.resume();
      entry.rateLimited = true;
      return sendText(ctx, 429, 'Retry later');
    }
  }
  await match.route.handler(ctx);
}

async function upgrade(core: SandboxCore, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const entry = journalEntry(core, req, url.pathname, parseQuery(url.searchParams));
  const raw = (status: number, type: string, body: string) => {
    socket.end(
      `HTTP/1.1 ${status} Error\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
  const fault = core.faults.take(req.method ?? 'GET', url.pathname);
  if (await applyFault(core, fault, entry, raw, () => socket.destroy())) return;
  const m = /^\/apps\/([^/]+)\/?$/.exec(url.pathname);
  const appName = m?.[1] ? decodeURIComponent(m[1]) : '';
  if (!core.apps.has(appName)) {
    entry.status = 404;
    raw(404, 'application/json', JSON.stringify({ resource: 'app', error: 'not found' }));
    return;
  }
  entry.status = 101;
  core.streams.upgrade(req, socket, head, appName);
}

async function connect(
  core: SandboxCore,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  onConnect: ConnectHandler,
): Promise<void> {
  // The request target is the whole attach URL (absolute form) or just its path.
  const target = req.url ?? '/';
  const url = new URL(
    target.startsWith('/') || /^[a-z]+:\/\//i.test(target) ? target : `http://${target}`,
    'http://sandbox.invalid',
  );
  const entry = journalEntry(core, req, url.pathname, parseQuery(url.searchParams));
  core.trackSocket(socket);
  socket.on('error', () => socket.destroy());
  const raw = (status: number, type: string, body: string) => {
    socket.end(
      `HTTP/1.1 ${status} Error\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };
  const fault = core.faults.take('CONNECT', url.pathname);
  if (await applyFault(core, fault, entry, raw, () => socket.destroy())) return;
  onConnect(req, socket, head, entry);
}
