// Helpers for the sandbox's own tests: real tar.gz archives, a token, JSON calls, polling.
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import type { Sandbox } from '../../../sandbox/scalingo/index.ts';

let scratchRoot: string | undefined;

// Registered when a test file imports this module: its scratch dirs go when the file is done.
afterAll(() => {
  if (scratchRoot) rmSync(scratchRoot, { recursive: true, force: true });
  scratchRoot = undefined;
});

/** A temp dir for the current test file, removed after its last test. */
export function scratchDir(prefix: string): string {
  scratchRoot ??= mkdtempSync(join(tmpdir(), 'sandbox-tests-'));
  return mkdtempSync(join(scratchRoot, `${prefix}-`));
}

/** A gzip tar made with `tar`: `files` under one root directory (root = '' puts them at the archive's root). */
export function makeArchive(files: Record<string, string>, root = 'app-source'): string {
  const work = scratchDir('archive');
  const tree = join(work, 'tree');
  for (const [name, content] of Object.entries(files)) {
    const path = join(tree, root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content, { mode: 0o755 });
  }
  const archive = join(work, 'source.tar.gz');
  execFileSync('tar', ['-czf', archive, '-C', tree, '.']);
  return archive;
}

export async function exchange(sandbox: Sandbox, token = sandbox.apiToken): Promise<string> {
  const res = await fetch(`${sandbox.authUrl}/v1/tokens/exchange`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: '{}',
  });
  const body = (await res.json()) as { token: string };
  return body.token;
}

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export async function call(
  sandbox: Sandbox,
  jwt: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (jwt) headers.Authorization = `Bearer ${jwt}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** Polls until fn returns a value other than undefined (bounded). */
export async function until<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('until: timed out');
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Uploads a file through /v1/sources and returns the download URL. */
export async function upload(sandbox: Sandbox, jwt: string, archive: Buffer): Promise<string> {
  const created = await call(sandbox, jwt, 'POST', '/v1/sources', {});
  const put = await fetch(created.body.source.upload_url, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/x-gzip', 'Content-Length': String(archive.length) },
    body: new Uint8Array(archive),
  });
  if (put.status !== 200) throw new Error(`upload answered ${put.status}`);
  return created.body.source.download_url as string;
}

/** Raw CONNECT to an attach URL, as the CLI does; resolves with the whole conversation. */
export function attach(
  attachUrl: string,
  jwt: string | null,
  options: { input?: string; target?: 'absolute' | 'path' } = {},
): Promise<{ head: string; output: string; error?: Error }> {
  const url = new URL(attachUrl);
  const target = options.target === 'path' ? url.pathname : attachUrl;
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let raw = Buffer.alloc(0);
    let failure: Error | undefined;
    socket.on('connect', () => {
      const auth = jwt ? `Authorization: Basic ${Buffer.from(`:${jwt}`).toString('base64')}\r\n` : '';
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${url.host}\r\n${auth}\r\n`);
      if (options.input !== undefined) socket.write(options.input);
    });
    socket.on('data', (chunk) => (raw = Buffer.concat([raw, chunk])));
    socket.on('error', (error) => (failure = error));
    socket.on('close', () => {
      const text = raw.toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      resolve({
        head: split < 0 ? text : text.slice(0, split),
        output: split < 0 ? '' : text.slice(split + 4),
        ...(failure ? { error: failure } : {}),
      });
    });
  });
}

export async function basicCall(url: string, jwt: string, method = 'GET'): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Basic ${Buffer.from(`:${jwt}`).toString('base64')}` },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
