// The app's deployments WebSocket: every deployment's news, live. Scalingo sends the token in the
// first frame, replays existing logs on connect and may drop us at any time, so we reconnect.
import WebSocket from 'ws';
import { agentFor } from '../shared/proxy.ts';
import type { DeploymentStream, DeploymentStreamResource, StreamHandlers } from './api.ts';
import type { HttpClient } from './http.ts';
import type { DeploymentEvent } from './types.ts';

// What the official CLI sends; the stream server checks that an Origin is present.
const ORIGIN = 'http://scalingo-cli.local/1';
const HANDSHAKE_TIMEOUT_MS = 30_000;
const MAX_RECONNECT_MS = 10_000;

/** Normalises one text frame; undefined for frames we do not use or cannot read. */
export function parseStreamFrame(text: string): DeploymentEvent | undefined {
  let frame: { type?: unknown; id?: unknown; data?: Record<string, unknown> };
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!frame || typeof frame !== 'object') return undefined;
  const data = frame.data && typeof frame.data === 'object' ? frame.data : {};
  const id = typeof frame.id === 'string' ? frame.id : undefined;
  switch (frame.type) {
    case 'ping':
      return { type: 'ping' };
    case 'new': {
      // Documented as the id string; the CLI decodes an object with an id.
      const deployment = data.deployment;
      const newId = typeof deployment === 'string' ? deployment : (deployment as { id?: unknown } | undefined)?.id;
      return typeof newId === 'string' ? { type: 'new', deploymentId: newId } : undefined;
    }
    case 'log':
      return id && typeof data.content === 'string'
        ? { type: 'log', deploymentId: id, content: data.content }
        : undefined;
    case 'status':
      return id && typeof data.status === 'string'
        ? { type: 'status', deploymentId: id, status: data.status }
        : undefined;
    default:
      return undefined;
  }
}

export class DeploymentStreams implements DeploymentStreamResource {
  #http: HttpClient;
  #userAgent: string;
  #reconnectMs: number;

  constructor(http: HttpClient, userAgent: string, reconnectMs: number) {
    this.#http = http;
    this.#userAgent = userAgent;
    this.#reconnectMs = reconnectMs;
  }

  open(streamUrl: string, handlers: StreamHandlers): DeploymentStream {
    let closed = false;
    let socket: WebSocket | undefined;
    let timer: NodeJS.Timeout | undefined;
    const logger = this.#http.logger;

    // Connections that ended without a single frame in a row: likely a refused token or an outage.
    let fruitless = 0;

    const dropped = (reason: string, gotFrames: boolean): void => {
      socket = undefined;
      if (closed) return;
      fruitless = gotFrames ? 0 : fruitless + 1;
      // The server closes the socket on a bad token: after two silent closes, exchange again.
      if (fruitless === 2) this.#http.userToken.invalidate();
      // 1 s like the CLI after a real drop; backing off while nothing gets through spares the rate limit.
      const delay = Math.min(MAX_RECONNECT_MS, this.#reconnectMs * 2 ** Math.max(0, fruitless - 1));
      safely(() => handlers.onDisconnect?.(reason));
      logger.debug(`Deployment stream dropped (${reason}); reconnecting in ${delay} ms`);
      timer = setTimeout(connect, delay);
    };

    const connect = (): void => {
      if (closed) return;
      // A fresh token on every connection: a stream can outlive the hour a JWT lasts.
      this.#http.userToken.token().then(
        (jwt) => {
          if (closed) return;
          const agent = agentFor(streamUrl);
          const ws = new WebSocket(streamUrl, {
            ...(agent ? { agent } : {}),
            origin: ORIGIN,
            headers: { 'User-Agent': this.#userAgent },
            handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
          });
          socket = ws;
          let done = false;
          let gotFrames = false;
          const end = (reason: string): void => {
            if (done) return;
            done = true;
            ws.removeAllListeners();
            ws.on('error', () => {});
            ws.terminate();
            dropped(reason, gotFrames);
          };
          ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', data: { token: jwt } })));
          ws.on('message', (data, isBinary) => {
            gotFrames = true;
            if (isBinary) return;
            const event = parseStreamFrame(data.toString());
            if (event) safely(() => handlers.onEvent(event));
          });
          ws.on('error', (error) => end(error.message));
          ws.on('close', (code) => end(`closed with code ${code}`));
        },
        (error: unknown) =>
          dropped(`token exchange failed: ${error instanceof Error ? error.message : String(error)}`, false),
      );
    };

    function safely(fn: () => void): void {
      // A handler's bug must not kill the socket loop (nor surface as an uncaught exception).
      try {
        fn();
      } catch (error) {
        logger.debug(`Deployment stream handler threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    connect();
    return {
      close(): void {
        closed = true;
        if (timer) clearTimeout(timer);
        if (socket) {
          const ws = socket;
          ws.removeAllListeners();
          ws.on('error', () => {});
          ws.close();
          // close() waits for the server's reply; don't let a silent server keep the process alive.
          setTimeout(() => ws.terminate(), 1000).unref();
        }
        socket = undefined;
      },
    };
  }
}
