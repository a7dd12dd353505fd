// The pre-signed upload: redirects, Expect: 100-continue and failures, against a local server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { ScalingoClient } from '../../src/scalingo/client.ts';

let server: Server | undefined;
interface Put {
  url: string;
  headers: IncomingMessage['headers'];
  bytes: number;
}

/** `decide` answers before the body is read (return true when it answered). */
async function uploadHost(
  decide: (req: IncomingMessage, res: ServerResponse) => boolean,
  puts: Put[],
): Promise<string> {
  server = createServer();
  const receive = (req: IncomingMessage, res: ServerResponse): void => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      puts.push({ url: req.url ?? '', headers: req.headers, bytes });
      res.writeHead(200).end();
    });
  };
  server.on('checkContinue', (req, res) => {
    if (decide(req, res)) return;
    if (!req.url?.includes('silent')) res.writeContinue();
    receive(req, res);
  });
  server.on('request', receive);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(logger = new MemoryLogger()): ScalingoClient {
  return new ScalingoClient({
    apiToken: 'tk-us-x',
    apiUrl: 'http://127.0.0.1:1',
    authUrl: 'http://127.0.0.1:1',
    dbApiUrl: 'http://127.0.0.1:1',
    logger,
  });
}

const dir = mkdtempSync(join(tmpdir(), 'sources-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An archive file of `size` bytes. */
function archive(size: number): string {
  const file = join(dir, `archive-${size}.tar.gz`);
  writeFileSync(file, Buffer.alloc(size, 7));
  return file;
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('sources upload', () => {
  it('follows a redirect given before the body, then streams the whole archive to the new location', async () => {
    const puts: Put[] = [];
    const origin = await uploadHost((req, res) => {
      if (!req.url?.startsWith('/first')) return false;
      res.writeHead(307, { Location: '/second?token=abcdef0123456789abcdef' }).end();
      return true;
    }, puts);
    const logger = new MemoryLogger();
    const size = 5 * 1024 * 1024 + 3;
    await client(logger).sources.upload(
      { upload_url: `${origin}/first?token=0123456789abcdef0123`, download_url: 'x' },
      archive(size),
    );
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ url: '/second?token=abcdef0123456789abcdef', bytes: size });
    expect(puts[0]!.headers).toMatchObject({ 'content-length': String(size), 'content-type': 'application/x-gzip' });
    expect(puts[0]!.headers.authorization).toBeUndefined();
    expect(logger.masked).toContain('abcdef0123456789abcdef');
  });

  it('sends the body anyway to a server that never answers 100 Continue', async () => {
    const puts: Put[] = [];
    const origin = await uploadHost(() => false, puts);
    await client().sources.upload({ upload_url: `${origin}/silent`, download_url: 'x' }, archive(1000));
    expect(puts).toMatchObject([{ bytes: 1000 }]);
  });

  it('sends without Expect to a server that refuses it (417)', async () => {
    const puts: Put[] = [];
    const origin = await uploadHost((_req, res) => {
      res.writeHead(417).end();
      return true;
    }, puts);
    await client().sources.upload({ upload_url: `${origin}/up`, download_url: 'x' }, archive(2000));
    expect(puts).toHaveLength(1);
    expect(puts[0]!.bytes).toBe(2000);
    expect(puts[0]!.headers.expect).toBeUndefined();
  });

  it.each([
    [403, 'forbidden', true, /^Scalingo refused the source archive upload \(403: expired\).*may have expired/],
    [413, 'validation', true, /too large \(413: expired\)/],
    [503, 'server', true, /^Uploading the source archive to Scalingo failed \(503: expired\)/],
    [400, 'unexpected', false, /\(400: expired\)/],
  ])('fails on %i with a clear message and no URL', async (status, kind, userFacing, message) => {
    const origin = await uploadHost((_req, res) => {
      res.writeHead(status).end('expired');
      return true;
    }, []);
    const url = `${origin}/up?token=0123456789abcdef0123`;
    const error = await client()
      .sources.upload({ upload_url: url, download_url: 'x' }, archive(10))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind, status, userFacing });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('0123456789abcdef0123');
  });
});
