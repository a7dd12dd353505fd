// A loopback HTTP proxy for the proxy tests: it answers CONNECT, logs every tunnel, and reaches hosts
// that only it can resolve (names under .test, mapped to loopback ports), terminating their TLS with
// a test CA the action trusts through NODE_EXTRA_CA_CERTS. A target it does not know gets a 502, so a
// connection that skipped the proxy, or that the proxy cannot carry, fails loudly.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

export interface TestCertificates {
  /** PEM file of the CA, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  key: string;
  cert: string;
  remove(): void;
}

/** A CA and a certificate for `hosts`, made with openssl for this test run. */
export function testCertificates(hosts: string[]): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-tls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=scalingo-actions test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${hosts[0]}`,
    '-keyout',
    file('host.key'),
    '-out',
    file('host.csr'),
  );
  writeFileSync(file('san.ext'), `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    file('host.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('san.ext'),
    '-out',
    file('host.pem'),
  );
  return {
    caFile: file('ca.pem'),
    key: readFileSync(file('host.key'), 'utf8'),
    cert: readFileSync(file('host.pem'), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ProxyRoute {
  /** The loopback port behind the name. */
  port: number;
  /** The client speaks TLS inside the tunnel: the proxy terminates it. */
  tls: boolean;
}

export interface TestProxy {
  url: string;
  /** Every CONNECT, as `host:port`, in arrival order (refused ones too). */
  tunnels: string[];
  /** Answer every CONNECT with this status instead (a proxy that refuses). */
  refuseWith: number | undefined;
  close(): Promise<void>;
}

export async function startProxy(options: {
  routes: Record<string, ProxyRoute>;
  certificates?: TestCertificates;
  /** user:password the proxy demands in Proxy-Authorization. */
  credentials?: string;
}): Promise<TestProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: TestProxy = { url: '', tunnels: [], refuseWith: undefined, close: async () => {} };
  const server = createServer((_req, res) => res.writeHead(405).end('this proxy only tunnels (CONNECT)'));
  server.on('connect', (req: IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const target = req.url ?? '';
    proxy.tunnels.push(target);
    const [host = '', port = ''] = target.split(':');
    const route = options.routes[host];
    const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined;
    const refuse = (status: number, text: string) => client.end(`HTTP/1.1 ${status} ${text}\r\n\r\n`);
    if (proxy.refuseWith) return refuse(proxy.refuseWith, 'Refused by policy');
    if (expected && req.headers['proxy-authorization'] !== expected)
      return refuse(407, 'Proxy Authentication Required');
    if (!route || Number(port) !== route.port) return refuse(502, 'Unknown Host');
    const upstream = net.connect({ host: '127.0.0.1', port: route.port });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      let inner: net.Socket = client;
      if (route.tls && options.certificates) {
        inner = new tls.TLSSocket(client, {
          isServer: true,
          key: options.certificates.key,
          cert: options.certificates.cert,
        });
        inner.on('error', () => client.destroy());
      }
      if (head.length > 0) upstream.write(head);
      inner.pipe(upstream);
      upstream.pipe(inner);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((done) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => done());
    });
  return proxy;
}
