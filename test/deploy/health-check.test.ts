import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkHealth, healthCheckUrl } from '../../src/deploy/health-check.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';

let server: Server | undefined;
afterEach(() => server?.close());

/** An app answering the given statuses in turn (the last one repeats). */
async function app(statuses: number[], body = 'not ready'): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const status = statuses[Math.min(hits.length - 1, statuses.length - 1)]!;
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : body);
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/web/my-app`, hits };
}

describe('healthCheckUrl', () => {
  it.each([
    ['/healthz', 'https://my-app.osc-fr1.scalingo.io', 'https://my-app.osc-fr1.scalingo.io/healthz'],
    ['healthz', 'https://my-app.osc-fr1.scalingo.io/', 'https://my-app.osc-fr1.scalingo.io/healthz'],
    ['/status?full=1', 'https://example.com/prefix', 'https://example.com/prefix/status?full=1'],
    ['https://other.example/up', 'https://my-app.osc-fr1.scalingo.io', 'https://other.example/up'],
  ])('%s on %s -> %s', (target, appUrl, url) => {
    expect(healthCheckUrl(target, appUrl)).toBe(url);
  });
});

describe('checkHealth', () => {
  it('retries until the app answers 2xx', async () => {
    const { url, hits } = await app([503, 502, 200]);
    const result = await checkHealth(
      { logger: new MemoryLogger() },
      { target: '/healthz', appUrl: url, timeoutMs: 10_000, initialDelayMs: 10 },
    );
    expect(result).toMatchObject({ status: 200, attempts: 3 });
    expect(hits).toEqual(['/web/my-app/healthz', '/web/my-app/healthz', '/web/my-app/healthz']);
  });

  it('fails with the last status and an excerpt of the body', async () => {
    const { url } = await app([500], `Traceback: KeyError 'DATABASE_URL' ${'x'.repeat(500)}`);
    const run = checkHealth(
      { logger: new MemoryLogger() },
      { target: '/healthz', appUrl: url, timeoutMs: 300, initialDelayMs: 20 },
    );
    await expect(run).rejects.toThrow(
      /Health check failed: .*\/healthz.*Last answer: HTTP 500, body: Traceback: KeyError 'DATABASE_URL' x+…/,
    );
  });

  it('says when nothing answered at all', async () => {
    const { url } = await app([200]);
    server!.close();
    server = undefined;
    const run = checkHealth(
      { logger: new MemoryLogger() },
      { target: '/healthz', appUrl: url, timeoutMs: 200, initialDelayMs: 20 },
    );
    await expect(run).rejects.toThrow(/Last answer: no response \(ECONNREFUSED\)/);
  });
});
