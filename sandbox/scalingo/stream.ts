// The deployments WebSocket (app.links.deployments_stream): `auth` frame first, then a replay of
// the existing logs and statuses, then live `new`/`log`/`status` frames for every deployment of
// the app, with `ping` keep-alives.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SandboxCore } from './core.ts';
import { deploymentView } from './views.ts';

export type StreamFrame =
  | { type: 'new'; data: { deployment: unknown } }
  | { type: 'log'; id: string; data: { content: string } }
  | { type: 'status'; id: string; data: { status: string } }
  | { type: 'ping'; data: { ts: number } };

interface Subscriber {
  ws: WebSocket;
  app: string;
  framesLeft: number;
}

const AUTH_WAIT_MS = 10_000;

export class DeploymentStreams {
  readonly #core: SandboxCore;
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #subscribers = new Set<Subscriber>();
  readonly #sockets = new Set<WebSocket>();
  readonly #cutAfter = new Map<string, number>();

  constructor(core: SandboxCore) {
    this.#core = core;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, appName: string): void {
    this.#server.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, appName));
  }

  emit(appName: string, frame: StreamFrame): void {
    for (const sub of this.#subscribers) if (sub.app === appName) this.#send(sub, frame);
  }

  drop(appName?: string): void {
    for (const sub of [...this.#subscribers]) {
      if (appName === undefined || sub.app === appName) sub.ws.terminate();
    }
  }

  /** Authenticated subscribers, of one app or all. */
  count(appName?: string): number {
    return [...this.#subscribers].filter((s) => appName === undefined || s.app === appName).length;
  }

  dropAfterFrames(appName: string, frames: number): void {
    this.#cutAfter.set(appName, frames);
  }

  close(): void {
    for (const ws of this.#sockets) ws.terminate();
    this.#server.close();
  }

  #accept(ws: WebSocket, appName: string): void {
    this.#sockets.add(ws);
    let sub: Subscriber | undefined;
    const authTimer = setTimeout(() => ws.close(4001, 'auth frame expected'), AUTH_WAIT_MS);
    let ping: NodeJS.Timeout | undefined;
    ws.on('message', (raw) => {
      if (sub) return; // after auth the client has nothing more to say
      const token = authToken(raw.toString());
      const check = token ? this.#core.jwt.verify(token) : { ok: false as const };
      clearTimeout(authTimer);
      if (!check.ok || check.claims.addon_uuid !== undefined) {
        ws.close(4001, 'invalid token');
        return;
      }
      const cut = this.#cutAfter.get(appName);
      this.#cutAfter.delete(appName);
      sub = { ws, app: appName, framesLeft: cut ?? Infinity };
      this.#subscribers.add(sub);
      this.#replay(sub);
      const current = sub;
      ping = setInterval(
        () => this.#send(current, { type: 'ping', data: { ts: Math.floor(Date.now() / 1000) } }),
        this.#core.options.streamPingMs,
      );
    });
    ws.on('close', () => {
      clearTimeout(authTimer);
      clearInterval(ping);
      if (sub) this.#subscribers.delete(sub);
      this.#sockets.delete(ws);
    });
    ws.on('error', () => ws.terminate());
  }

  #replay(sub: Subscriber): void {
    const app = this.#core.apps.get(sub.app);
    if (!app) return;
    for (const d of app.deployments) {
      for (const line of d.log) this.#send(sub, { type: 'log', id: d.id, data: { content: line } });
      this.#send(sub, { type: 'status', id: d.id, data: { status: d.status } });
    }
  }

  #send(sub: Subscriber, frame: StreamFrame): void {
    if (sub.ws.readyState !== sub.ws.OPEN) return;
    if (sub.framesLeft <= 0) return;
    sub.ws.send(JSON.stringify(frame));
    sub.framesLeft -= 1;
    if (sub.framesLeft <= 0) sub.ws.terminate(); // a drop mid-stream, no close frame
  }
}

function authToken(text: string): string | null {
  try {
    const frame = JSON.parse(text) as { type?: unknown; data?: { token?: unknown } };
    return frame.type === 'auth' && typeof frame.data?.token === 'string' ? frame.data.token : null;
  } catch {
    return null;
  }
}

/** The `new` frame: the deployment object with its pusher, as the CLI expects. */
export function newFrame(core: SandboxCore, appName: string, deploymentId: string): StreamFrame | undefined {
  const app = core.apps.get(appName);
  const d = app?.deployments.find((x) => x.id === deploymentId);
  return app && d ? { type: 'new', data: { deployment: deploymentView(core.view, app, d) } } : undefined;
}
