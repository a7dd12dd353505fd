import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { notifyWebhook } from '../../src/shared/webhook.ts';

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function webhook(statuses: number[]) {
  const received: { body: unknown; type: string | undefined }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ body: JSON.parse(body), type: req.headers['content-type'] });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-hook-id`, received };
}

describe('notifyWebhook', () => {
  it('posts one {"text"} JSON message and masks the URL', async () => {
    const hook = await webhook([200]);
    const logger = new MemoryLogger();
    expect(await notifyWebhook(hook.url, 'hello', logger)).toBe(true);
    expect(hook.received).toEqual([{ body: { text: 'hello' }, type: 'application/json' }]);
    expect(logger.masked).toContain(hook.url);
  });

  it.each([
    [[500], 1, /answered 500/],
    [[429, 429, 429], 3, /answered 429/],
    [[404], 1, /answered 404/],
  ])('answers %j: %d attempt(s), then a warning only', async (statuses, attempts, warning) => {
    const hook = await webhook([...statuses]);
    const logger = new MemoryLogger();
    expect(await notifyWebhook(hook.url, 'hello', logger, { baseDelayMs: 1 })).toBe(false);
    expect(hook.received).toHaveLength(attempts);
    expect(logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      expect.stringMatching(warning),
    ]);
    expect(logger.text()).not.toContain('secret-hook-id');
  });

  it('a webhook that is down is a warning without the URL', async () => {
    const hook = await webhook([]);
    servers.splice(0).forEach((s) => s.close());
    const logger = new MemoryLogger();
    expect(await notifyWebhook(hook.url, 'hello', logger, { baseDelayMs: 1 })).toBe(false);
    expect(logger.lines.at(-1)).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(/could not be reached \(ECONNREFUSED\)/),
    });
    expect(logger.text()).not.toContain('secret-hook-id');
  });
});
