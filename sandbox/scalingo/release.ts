// Turning a source_url into an unpacked release, and the environment its processes get.
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { SandboxCore } from './core.ts';
import type { AppState, VariableState } from './state.ts';

const run = promisify(execFile);
const FETCH_TIMEOUT_MS = 60_000;

/** Downloads the archive (our own /sources download URLs are read from disk, not re-requested). */
export async function fetchArchive(core: SandboxCore, sourceUrl: string, dest: string): Promise<string | null> {
  const own = ownSourceFile(core, sourceUrl);
  if (own !== undefined) return own;
  let response: Response;
  try {
    response = await fetch(sourceUrl, {
      redirect: 'follow',
      signal: AbortSignal.any([AbortSignal.timeout(FETCH_TIMEOUT_MS), core.signal]),
    });
  } catch (error) {
    throw new Error(`could not fetch the source archive: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) throw new Error(`could not fetch the source archive: HTTP ${response.status}`);
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), createWriteStream(dest));
  return null;
}

function ownSourceFile(core: SandboxCore, sourceUrl: string): string | undefined {
  if (!core.url || !sourceUrl.startsWith(`${core.url}/v1/sources/`)) return undefined;
  const url = new URL(sourceUrl);
  const id = url.pathname.split('/').pop() ?? '';
  const slot = core.sources.get(id);
  if (!slot || slot.downloadToken !== url.searchParams.get('token') || !slot.file) {
    throw new Error('could not fetch the source archive: HTTP 404');
  }
  return slot.file;
}

/** Checks the gzip tar holds exactly one root directory and unpacks it; returns that directory. */
export async function unpackRelease(archive: string, into: string): Promise<string> {
  let listing: string;
  try {
    listing = (await run('tar', ['-tzf', archive], { maxBuffer: 256 * 1024 * 1024 })).stdout;
  } catch {
    throw new Error('the source archive is not a gzip-compressed tar');
  }
  const entries = listing
    .split('\n')
    .map((e) => e.replace(/^\.\//, ''))
    .filter((e) => e !== '' && e !== '.' && e !== './');
  const roots = new Set(entries.map((e) => e.split('/')[0]));
  const root = [...roots][0];
  const isDirectory = entries.some((e) => e.startsWith(`${root}/`));
  if (roots.size !== 1 || !root || !isDirectory) {
    const found = [...roots].slice(0, 5).join(', ') || 'nothing';
    throw new Error(`the source archive must hold exactly one root directory with the sources; found: ${found}`);
  }
  await run('tar', ['-xzf', archive, '-C', into]);
  return join(into, root);
}

/** The Procfile's `postdeploy:` command, if any. */
export function postdeployCommand(releaseDir: string): string | null {
  const procfile = join(releaseDir, 'Procfile');
  if (!existsSync(procfile)) return null;
  for (const line of readFileSync(procfile, 'utf8').split(/\r?\n/)) {
    const m = /^postdeploy:\s*(.+)$/.exec(line);
    if (m?.[1]) return m[1].trim();
  }
  return null;
}

/** `$NAME` / `${NAME}` references to other variables, expanded as in the containers. */
export function expandAliases(variables: VariableState[]): Map<string, string> {
  const raw = new Map(variables.map((v) => [v.name, v.value]));
  const expanded = new Map<string, string>();
  for (const [name, value] of raw) {
    expanded.set(
      name,
      value.replace(/\$\{?([A-Za-z][A-Za-z0-9_]*)\}?/g, (all, ref: string) => raw.get(ref) ?? all),
    );
  }
  return expanded;
}

/** What the app's containers see of its variables: aliases expanded, as Scalingo does. */
export function runningVariables(app: AppState): Record<string, string> {
  return Object.fromEntries(expandAliases(app.variables));
}

/**
 * Environment of a container: a minimal base, the app's variables, then what the caller adds. The
 * PATH starts with the sandbox's tools (psql, pg_dump, pg_restore, dbclient-fetcher).
 */
export function containerEnv(core: SandboxCore, app: AppState, extra: Record<string, string>): Record<string, string> {
  return {
    PATH: `${core.toolsDir}${delimiter}${process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`,
    LANG: 'C.UTF-8',
    HOME: '/tmp',
    APP: app.name,
    STACK: 'scalingo-22',
    PORT: '5000',
    ...runningVariables(app),
    ...extra,
  };
}
