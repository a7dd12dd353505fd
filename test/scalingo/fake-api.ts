// A tiny programmable HTTP server for the client's own unit tests: each test scripts the answers
// it needs (including resets) and reads what the client sent. End-to-end behaviour is tested
// against the real sandbox (sandbox/scalingo) in the *.sandbox.test.ts files.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: Received, res: ServerResponse) => void | Promise<void>;

export interface FakeApi {
  url: string;
  received: Received[];
  /** Routes "METHOD /path" to a handler; later routes for the same key replace earlier ones. */
  on(route: string, handler: Handler): void;
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** An unsigned JWT with the claims the client reads. */
export function fakeJwt(expiresInSeconds: number, salt = Math.random().toString(36).slice(2)): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'HS512', typ: 'JWT' })}.${part({ iss: 'Scalingo', iat: now, exp: now + expiresInSeconds, rnd: salt })}.c2lnbmF0dXJl${salt}`;
}

export async function startFakeApi(): Promise<FakeApi> {
  const routes = new Map<string, Handler>();
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const entry: Received = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(entry);
      const handler = routes.get(`${entry.method} ${entry.path}`);
      if (!handler) return json(res, 404, { error: 'not found' });
      void Promise.resolve(handler(entry, res)).catch((error: unknown) => json(res, 500, { error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    on: (route, handler) => void routes.set(route, handler),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
