// Self-hosted runners behind an HTTP proxy: every connection of every bundle goes through it, to hosts
// only the proxy can reach (names under .test that nothing else resolves), so a connection that skipped
// the proxy cannot succeed. NO_PROXY exempts what it names; a proxy that refuses or is down is named.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { startSandbox, type Sandbox } from '../../sandbox/scalingo/index.ts';
import { startProxy, testCertificates, type TestCertificates, type TestProxy } from '../helpers/proxy.ts';
import { runAction, type ActionResult } from '../helpers/run-action.ts';

const SCALINGO_HOST = 'api.scalingo.test';
const GITHUB_HOST = 'api.github.test';
const HOOK_HOST = 'hooks.test';

let certificates: TestCertificates;
let scalingo: Sandbox;
let github: GitHubDouble;
let proxy: TestProxy;
let hook: Server;
let hookPort: number;
const hooked: string[] = [];

beforeEach(async () => {
  certificates = testCertificates([SCALINGO_HOST, GITHUB_HOST]);
  scalingo = await startSandbox({ phaseMs: 30, streamPingMs: 500, publicHost: SCALINGO_HOST, oneOffTty: true });
  github = await startGitHubDouble({ owner: 'acme', repo: 'shop', publicHost: GITHUB_HOST });
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      hooked.push(body);
      res.end('ok');
    });
  });
  await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
  hookPort = (hook.address() as AddressInfo).port;
  proxy = await startProxy({
    certificates,
    routes: {
      [SCALINGO_HOST]: { port: Number(new URL(scalingo.apiUrl).port), tls: true },
      [GITHUB_HOST]: { port: Number(new URL(github.apiUrl).port), tls: true },
      [HOOK_HOST]: { port: hookPort, tls: false },
    },
  });
});
afterEach(async () => {
  await proxy.close();
  await scalingo.close();
  await github.close();
  await new Promise((done) => hook.close(done));
  certificates.remove();
  hooked.length = 0;
});

function proxied(extra: Record<string, string> = {}): Record<string, string> {
  return { HTTPS_PROXY: proxy.url, http_proxy: proxy.url, NODE_EXTRA_CA_CERTS: certificates.caFile, ...extra };
}

function run(action: string, inputs: Record<string, string>, env: Record<string, string | undefined>) {
  return runAction(action, {
    inputs: {
      app: 'shop',
      'api-token': scalingo.apiToken,
      'api-url': scalingo.apiUrl,
      'auth-url': scalingo.authUrl,
      'db-api-url': scalingo.dbApiUrl,
      'github-token': github.token,
      ...inputs,
    },
    env: {
      GITHUB_API_URL: github.apiUrl,
      GITHUB_GRAPHQL_URL: github.graphqlUrl,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: github.git.resolve('HEAD') ?? 'a'.repeat(40),
      ...env,
    },
    timeoutMs: 90_000,
  });
}

const errorOf = (r: ActionResult) =>
  r.annotations
    .filter((a) => a.level === 'error')
    .map((a) => a.message)
    .join('\n');
const tunnelsTo = (host: string) => proxy.tunnels.filter((t) => t.startsWith(`${host}:`));

function seedRepository(): void {
  github.git.commit({ Procfile: 'web: serve\n', 'app.py': 'print(1)\n' }, 'Initial commit');
  github.git.tag('v1.0.0');
  github.git.mergePullRequest({ title: 'feat: cart', author: 'alice', strategy: 'squash' });
  github.git.tag('v1.1.0');
}

describe('every action behind a proxy', () => {
  it('deploy: GitHub, the Scalingo API, its stream, the one-off attach and the health check all go through it', async () => {
    seedRepository();
    scalingo.createApp('shop');
    const result = await run('deploy', { 'post-deploy': 'echo migrated', 'health-check': '/healthz' }, proxied());
    expect(result.exitCode, errorOf(result)).toBe(0);
    expect(tunnelsTo(GITHUB_HOST).length).toBeGreaterThan(0);
    expect(tunnelsTo(SCALINGO_HOST).length).toBeGreaterThan(3);
    // Only a proxied connection can reach these hosts: each kind of traffic below crossed the proxy.
    expect(scalingo.journal.some((e) => e.status === 101)).toBe(true);
    expect(scalingo.journal.some((e) => e.method === 'CONNECT')).toBe(true);
    expect(result.stdout).toMatch(/Health check passed/);
    expect(proxy.tunnels.every((t) => t.includes('.test:'))).toBe(true);
  });

  it('deploy with source: upload sends the archive through it', async () => {
    seedRepository();
    scalingo.createApp('shop');
    const result = await run('deploy', { source: 'upload', path: github.git.dir }, proxied());
    expect(result.exitCode, errorOf(result)).toBe(0);
    expect(scalingo.journal.some((e) => e.method === 'PUT' && e.path.startsWith('/v1/sources/'))).toBe(true);
  });

  it('release-notes: REST and GraphQL go through it', async () => {
    seedRepository();
    github.git.mergePullRequest({ title: 'fix: totals', author: 'bob', strategy: 'merge' });
    const result = await run(
      'release-notes',
      { 'dry-run': 'true' },
      {
        ...proxied(),
        GITHUB_REF: 'refs/heads/main',
        GITHUB_EVENT_NAME: 'push',
      },
    );
    expect(result.exitCode, errorOf(result)).toBe(0);
    expect(github.journal.some((e) => e.path === '/graphql')).toBe(true);
    expect(tunnelsTo(GITHUB_HOST).length).toBeGreaterThan(0);
  });

  it('deploy-production: the database API and the webhook go through it too', async () => {
    github.git.commit({ Procfile: 'web: serve\n' }, 'Release 1.0.0');
    github.git.tag('v1.0.0');
    scalingo.createApp('shop', { addons: ['postgresql'] });
    const result = await run(
      'deploy-production',
      { tag: 'v1.0.0', 'notify-webhook': `http://${HOOK_HOST}:${hookPort}/hooks/secret` },
      { ...proxied(), GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v1.0.0', GITHUB_REF_NAME: 'v1.0.0' },
    );
    expect(result.exitCode, errorOf(result)).toBe(0);
    expect(scalingo.app('shop').backups.map((b) => b.status)).toEqual(['done']);
    expect(tunnelsTo(HOOK_HOST)).toHaveLength(1);
    expect(hooked).toHaveLength(1);
  });

  it('post-deploy with proxy credentials: accepted, never shown', async () => {
    scalingo.createApp('shop');
    await proxy.close();
    proxy = await startProxy({
      certificates,
      credentials: 'runner:pr0xy-s3cret',
      routes: { [SCALINGO_HOST]: { port: Number(new URL(scalingo.apiUrl).port), tls: true } },
    });
    const withCredentials = proxy.url.replace('http://', 'http://runner:pr0xy-s3cret@');
    const result = await run('post-deploy', { commands: 'echo done' }, proxied({ HTTPS_PROXY: withCredentials }));
    expect(result.exitCode, errorOf(result)).toBe(0);
    expect(result.everything).not.toContain('pr0xy-s3cret');
    expect(tunnelsTo(SCALINGO_HOST).length).toBeGreaterThan(1);
  });
});

describe('NO_PROXY', () => {
  it('exempts the hosts it names: the sandbox direct, GitHub still through the proxy', async () => {
    seedRepository();
    await scalingo.close();
    scalingo = await startSandbox({ phaseMs: 30, streamPingMs: 500 });
    scalingo.createApp('shop');
    const result = await run('deploy', {}, proxied({ NO_PROXY: '127.0.0.1,example.invalid' }));
    expect(result.exitCode, errorOf(result)).toBe(0);
    expect(tunnelsTo(GITHUB_HOST).length).toBeGreaterThan(0);
    expect(proxy.tunnels.filter((t) => !t.startsWith(`${GITHUB_HOST}:`))).toEqual([]);
  });

  it('and without it, nothing reaches the .test hosts but through the proxy', async () => {
    scalingo.createApp('shop');
    const result = await run('post-deploy', { commands: 'echo done' }, { NODE_EXTRA_CA_CERTS: certificates.caFile });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(/Could not reach Scalingo at api\.scalingo\.test/);
  });
});

describe('a proxy that refuses or is down is named, with the fix', () => {
  it('refusing the tunnel', async () => {
    scalingo.createApp('shop');
    proxy.refuseWith = 403;
    const result = await run('post-deploy', { commands: 'echo done' }, proxied());
    expect(result.exitCode).toBe(1);
    const message = errorOf(result);
    expect(message).toContain(`through the proxy ${proxy.url}`);
    expect(message).toMatch(/HTTPS_PROXY.*NO_PROXY/);
    expect(message).not.toMatch(/bug in scalingo-actions/);
    expect(scalingo.journal).toEqual([]);
  });

  it('down, with credentials that never show', async () => {
    scalingo.createApp('shop');
    const down = 'http://runner:d0wn-s3cret@127.0.0.1:9';
    const result = await run('post-deploy', { commands: 'echo done' }, proxied({ HTTPS_PROXY: down }));
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toContain('through the proxy http://127.0.0.1:9');
    expect(result.everything).not.toContain('d0wn-s3cret');
  });
});
