// Cold start: from spawning a bundle as the runner does to the first HTTP request it sends.
// A loopback server records the moment the first request arrives and answers 401, which ends the run.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INPUTS: Record<string, Record<string, string>> = {
  deploy: { app: 'bench-app', 'api-token': 'tk-us-bench', ref: 'main' },
  'deploy-production': { app: 'bench-app', 'api-token': 'tk-us-bench', tag: 'v1.0.0' },
  'post-deploy': { app: 'bench-app', 'api-token': 'tk-us-bench', commands: 'true' },
  'release-notes': { tag: 'v1.0.0', 'dry-run': 'true' },
  // The root action on a push to the staging branch: it plans, then runs deploy's code.
  flow: { 'staging-app': 'bench-app', 'staging-branch': 'main', 'api-token': 'tk-us-bench' },
  'review-app': { 'parent-app': 'bench-app', 'api-token': 'tk-us-bench', 'pr-number': '7' },
  variables: { app: 'bench-app', 'api-token': 'tk-us-bench', set: 'FEATURE_CART=on' },
};

const EVENTS: Record<string, string> = { flow: 'push' };

export function bundleSize(root: string, name: string): number {
  return statSync(join(root, 'dist', name, 'index.js')).size;
}

async function once(root: string, name: string): Promise<number> {
  let firstRequestAt = 0;
  const server = createServer((req, res) => {
    if (!firstRequestAt) firstRequestAt = performance.now();
    req.resume();
    res
      .writeHead(401, { 'content-type': 'application/json' })
      .end('{"error":"Invalid credentials","message":"Bad credentials"}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  writeFileSync(join(dir, 'event.json'), '{}');
  // The runner creates these before the step starts.
  for (const file of ['out', 'summary']) writeFileSync(join(dir, file), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_API_URL: url,
    GITHUB_GRAPHQL_URL: `${url}/graphql`,
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_OUTPUT: join(dir, 'out'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    SCALINGO_API_URL: url,
    SCALINGO_AUTH_URL: url,
    SCALINGO_DB_URL: url,
    'INPUT_GITHUB-TOKEN': 'ghs_bench',
    ...(EVENTS[name] ? { GITHUB_EVENT_NAME: EVENTS[name] } : {}),
  };
  for (const [k, v] of Object.entries(INPUTS[name] ?? {})) env[`INPUT_${k.toUpperCase()}`] = v;
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'dist', name, 'index.js')], {
    env,
    cwd: dir,
    stdio: process.env.BENCH_DEBUG ? 'inherit' : 'ignore',
  });
  await new Promise((done) => child.on('close', done));
  server.close();
  rmSync(dir, { recursive: true, force: true });
  if (!firstRequestAt) throw new Error(`${name} made no request`);
  return firstRequestAt - started;
}

export async function coldStart(root: string, name: string, runs = 7): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once(root, name));
  return times;
}
