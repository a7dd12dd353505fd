// Sentry is reached through the proxy the environment names, like every other service (src/shared/proxy.ts).
import { afterEach, expect, it } from 'vitest';
import { startSentryDouble } from '../../sandbox/sentry/index.ts';
import { SentryClient } from '../../src/sentry/client.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { startProxy } from '../helpers/proxy.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

it('sends every Sentry request through HTTP_PROXY', async () => {
  const sentry = await startSentryDouble();
  const port = Number(new URL(sentry.url).port);
  // Only the proxy knows sentry.test: a request that skipped it could not be answered.
  const proxy = await startProxy({ routes: { 'sentry.test': { port, tls: false } } });
  try {
    process.env.HTTP_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    const client = new SentryClient({
      baseUrl: `http://sentry.test:${port}`,
      org: 'acme',
      token: sentry.orgToken,
      logger: new MemoryLogger(),
      secondMs: 1,
    });
    expect((await client.createRelease({ version: '1.3.0', projects: ['shop'] })).created).toBe(true);
    expect(proxy.tunnels).toEqual([`sentry.test:${port}`]);
  } finally {
    await proxy.close();
    await sentry.close();
  }
});
