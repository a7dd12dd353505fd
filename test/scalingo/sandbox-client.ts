// A ScalingoClient wired to a fresh sandbox, with a recording logger and fast polling/retries.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { ScalingoClient } from '../../src/scalingo/client.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/scalingo/index.ts';

export interface Harness {
  sandbox: Sandbox;
  client: ScalingoClient;
  logger: MemoryLogger;
}

export async function startHarness(
  options: SandboxOptions = {},
  clientOptions: { requestTimeoutMs?: number; baseDelayMs?: number } = {},
): Promise<Harness> {
  const sandbox = await startSandbox({ phaseMs: 20, ...options });
  const logger = new MemoryLogger();
  const client = new ScalingoClient({
    apiToken: sandbox.apiToken,
    apiUrl: sandbox.apiUrl,
    authUrl: sandbox.authUrl,
    dbApiUrl: sandbox.dbApiUrl,
    logger,
    retry: { retries: 4, rateLimitRetries: 4, baseDelayMs: clientOptions.baseDelayMs ?? 5, maxDelayMs: 50 },
    pollIntervalMs: 10,
    streamReconnectMs: 20,
    ...(clientOptions.requestTimeoutMs ? { requestTimeoutMs: clientOptions.requestTimeoutMs } : {}),
  });
  return { sandbox, client, logger };
}

/**
 * The API token and every bearer/basic credential the sandbox received were masked, and none of
 * them (nor a signed URL) appears in anything the client logged.
 */
export function expectNoSecretLeaked({ sandbox, logger }: Harness, extra: string[] = []): void {
  const secrets = new Set<string>([sandbox.apiToken, ...extra]);
  for (const entry of sandbox.journal) {
    const header = entry.headers.authorization;
    if (header?.startsWith('Bearer ')) secrets.add(header.slice(7));
    if (header?.startsWith('Basic ')) {
      const secret = Buffer.from(header.slice(6), 'base64').toString().replace(/^:/, '');
      secrets.add(secret);
    }
    const token = entry.query.token;
    if (typeof token === 'string') secrets.add(token);
  }
  const text = logger.text();
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(logger.masked).toContain(secret);
  }
}

/** A real .tar.gz with one root directory, as Scalingo wants it; returns its path. */
export function makeArchive(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'scalingo-client-archive-'));
  const root = join(dir, 'app');
  mkdirSync(root);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, name), content);
  const archive = join(dir, 'app.tar.gz');
  execFileSync('tar', ['-czf', archive, '-C', dir, 'app']);
  return archive;
}
