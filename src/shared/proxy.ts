// Self-hosted runners often reach the internet through an HTTP proxy only. Every connection of every
// action goes through the one the environment names (HTTPS_PROXY / HTTP_PROXY, either case) unless
// NO_PROXY exempts its host, by the toolkit's own rules (@actions/http-client, which @actions/github
// uses too, so GitHub and Scalingo traffic follow the same NO_PROXY). fetch, node:http requests,
// WebSockets and raw sockets (the one-off attach) all get their connection from one CONNECT tunnel
// opened here, so a proxy's refusal reads the same everywhere.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import { Agent, fetch as undiciFetch } from 'undici';
import { networkReason } from './network.ts';

/** The proxy a connection to `target` goes through, or undefined when it goes direct. */
export function proxyFor(target: string | URL): URL | undefined {
  const proxy = getProxyUrl(new URL(target));
  return proxy?.hostname ? proxy : undefined;
}

/** The proxy as it may be shown: scheme, host and port, never its credentials. */
export function proxyLabel(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/** A connection through a proxy failed: the message names the proxy, the error is the user's to fix. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly userFacing = true;
  readonly proxy: string;
  /** A proxy that is down or refuses the tunnel will refuse it again: worth no retry. */
  readonly retryable: boolean;

  constructor(proxy: URL, target: string, reason: string, cause?: unknown) {
    super(
      `Could not reach ${target} through the proxy ${proxyLabel(proxy)} (${reason}): check that the proxy is up and lets this host through (HTTPS_PROXY / HTTP_PROXY), or exempt the host with NO_PROXY.`,
      cause === undefined ? undefined : { cause },
    );
    this.proxy = proxyLabel(proxy);
    const detail = `${reason} ${(cause as Error | undefined)?.message ?? ''} ${(cause as { cause?: Error })?.cause?.message ?? ''}`;
    this.retryable = !/ECONNREFUSED|ENOTFOUND|\(40[37]\)|\b40[37]\b/.test(detail);
  }
}

const AGENT_CONNECT_TIMEOUT_MS = 30_000;

// One undici dispatcher for every proxied fetch: its sockets are tunnels opened by connectTo, so fetch
// sees the proxy's own refusal (an undici ProxyAgent only reports a cancelled request).
let tunnelDispatcher: Agent | undefined;

function dispatcher(): Agent {
  tunnelDispatcher ??= new Agent({
    connect: (options, done) => {
      const target = new URL(
        `${options.protocol}//${options.hostname}:${options.port || (options.protocol === 'https:' ? 443 : 80)}`,
      );
      connectTo(target, AGENT_CONNECT_TIMEOUT_MS).then(
        (socket) => done(null, socket),
        (error: Error) => done(error, null),
      );
    },
  });
  return tunnelDispatcher;
}

/**
 * fetch that honours the proxy settings. Through a proxy, a failure to connect or a refused tunnel
 * becomes a ProxyError naming the proxy; a direct failure is left as fetch reports it.
 */
export const proxiedFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' || input instanceof URL ? new URL(input) : new URL(input.url);
  const proxy = proxyFor(url);
  if (!proxy) return fetch(input, init);
  try {
    // undici's own fetch: it takes undici's dispatcher.
    return (await undiciFetch(url, { ...(init as object), dispatcher: dispatcher() } as never)) as never;
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'AbortError' || name === 'TimeoutError') throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof ProxyError) throw cause;
    throw new ProxyError(proxy, url.host, networkReason(error), error);
  }
};

type Connect = (
  options: { host?: string | null; port?: number | string | null },
  done: (error: Error | null, socket?: net.Socket) => void,
) => void;

/** Sockets for an agent: each one a tunnel (then TLS for https) opened by connectTo. */
function tunnelling(protocol: 'http:' | 'https:'): Connect {
  return (options, done) => {
    const target = new URL(
      `${protocol}//${options.host ?? 'localhost'}:${options.port ?? (protocol === 'https:' ? 443 : 80)}`,
    );
    connectTo(target, AGENT_CONNECT_TIMEOUT_MS).then(
      (socket) => done(null, socket),
      (error: Error) => done(error),
    );
  };
}

class TunnelAgent extends http.Agent {
  override createConnection = tunnelling('http:') as never;
}

class SecureTunnelAgent extends https.Agent {
  override createConnection = tunnelling('https:') as never;
}

/** The agent for a node:http(s) request or a WebSocket to `target`; undefined when it goes direct. */
export function agentFor(target: string | URL): http.Agent | undefined {
  // A WebSocket's wss:/ws: is https:/http: to the proxy rules and to the agent.
  const url = new URL(target);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  url.protocol = secure ? 'https:' : 'http:';
  if (!proxyFor(url)) return undefined;
  return secure ? new SecureTunnelAgent() : new TunnelAgent();
}

const TUNNEL_HEADER_LIMIT = 16 * 1024;

/**
 * A socket to `target` (TLS when it is https), through a CONNECT tunnel when a proxy applies. The
 * caller speaks its own protocol on it, e.g. Scalingo's raw CONNECT attach.
 */
export async function connectTo(target: URL, timeoutMs: number): Promise<net.Socket> {
  const secure = target.protocol === 'https:';
  const port = Number(target.port) || (secure ? 443 : 80);
  const proxy = proxyFor(target);
  if (!proxy) {
    const socket = secure
      ? tls.connect({ host: target.hostname, port, servername: target.hostname })
      : net.connect({ host: target.hostname, port });
    await connected(socket, secure ? 'secureConnect' : 'connect', timeoutMs);
    return socket;
  }
  const tunnel = await openTunnel(proxy, target.hostname, port, timeoutMs);
  if (!secure) return tunnel;
  const socket = tls.connect({ socket: tunnel, servername: target.hostname });
  await connected(socket, 'secureConnect', timeoutMs);
  return socket;
}

async function openTunnel(proxy: URL, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
  const socket =
    proxy.protocol === 'https:'
      ? tls.connect({ host: proxy.hostname, port: proxyPort, servername: proxy.hostname })
      : net.connect({ host: proxy.hostname, port: proxyPort });
  const target = `${host}:${port}`;
  try {
    await connected(socket, proxy.protocol === 'https:' ? 'secureConnect' : 'connect', timeoutMs);
  } catch (error) {
    throw new ProxyError(proxy, target, networkReason(error), error);
  }
  const auth =
    proxy.username || proxy.password
      ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n`
      : '';
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
  const status = await new Promise<string>((resolve, reject) => {
    let head = Buffer.alloc(0);
    const timer = setTimeout(() => fail(new Error('no answer to CONNECT')), timeoutMs);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.destroy();
      reject(new ProxyError(proxy, target, networkReason(error), error));
    };
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > TUNNEL_HEADER_LIMIT) fail(new Error('endless answer to CONNECT'));
        return;
      }
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', fail);
      // Anything after the headers already belongs to the tunnel.
      if (end + 4 < head.length) socket.unshift(head.subarray(end + 4));
      resolve(head.subarray(0, head.indexOf('\r\n')).toString('latin1'));
    };
    socket.on('data', onData);
    socket.once('error', fail);
    socket.once('close', () => fail(new Error('closed before answering CONNECT')));
  });
  socket.removeAllListeners('close');
  const code = Number(/^HTTP\/1\.[01] (\d{3})/.exec(status)?.[1] ?? 0);
  if (code !== 200) {
    socket.destroy();
    throw new ProxyError(proxy, target, `the proxy answered ${status || 'nothing'}`);
  }
  return socket;
}

function connected(socket: net.Socket, event: 'connect' | 'secureConnect', timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('connection timed out'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once(event, () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve();
    });
    const onError = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once('error', onError);
  });
}
