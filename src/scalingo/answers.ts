// Every answer is checked at the client's edge against what the API contract says it carries
// (scalingo-api.md): a missing object, a missing id or a status that is not a string is Scalingo's
// failure, reported as such and retried where the call is idempotent, never read as a verdict.
// Unknown extra fields and unknown status values pass: Scalingo may add them.
import { MalformedAnswer } from './errors.ts';

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new MalformedAnswer(`the answer has no ${path}`);
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new MalformedAnswer(`the answer has no ${path} list`);
  return value;
}

function text(o: Json, key: string, path: string): string {
  const value = o[key];
  if (typeof value !== 'string' || value === '') throw new MalformedAnswer(`the answer has no ${path}.${key}`);
  return value;
}

function optionalText(o: Json, key: string, path: string): void {
  const value = o[key];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new MalformedAnswer(`the answer's ${path}.${key} is not a string`);
  }
}

/** The object under `key` of the body, checked by `check`. */
function wrapped(key: string, check: (o: Json, path: string) => void): (body: unknown) => unknown {
  return (body) => {
    const root = object(body, 'JSON object');
    check(object(root[key], key), key);
    return root;
  };
}

/** The list under `key` of the body, each item checked by `check`. */
function listed(key: string, check: (o: Json, path: string) => void, optional = false): (body: unknown) => unknown {
  return (body) => {
    const root = object(body, 'JSON object');
    if (optional && root[key] === undefined) return root;
    array(root[key], key).forEach((item, i) => check(object(item, `${key}[${i}]`), `${key}[${i}]`));
    return root;
  };
}

function deployment(o: Json, path: string): void {
  text(o, 'id', path);
  text(o, 'status', path);
  optionalText(o, 'git_ref', path);
}

export const readApp = wrapped('app', (o, path) => {
  text(o, 'name', path);
  text(o, 'url', path);
});
export const readDeployment = wrapped('deployment', deployment);
export const readDeployments = listed('deployments', deployment);
export const readOperation = wrapped('operation', (o, path) => text(o, 'status', path));
export const readRunStarted = wrapped('container', (o, path) => text(o, 'id', path));
export const readSource = wrapped('source', (o, path) => {
  text(o, 'upload_url', path);
  text(o, 'download_url', path);
});
export const readBackup = wrapped('database_backup', (o, path) => {
  text(o, 'id', path);
  text(o, 'status', path);
});
export const readBackups = listed('database_backups', (o, path) => text(o, 'id', path), true);
export const readAddons = listed(
  'addons',
  (o, path) => {
    text(o, 'id', path);
    object(o.addon_provider, `${path}.addon_provider`);
  },
  true,
);
export const readChildApps = listed(
  'child_apps',
  (o, path) => {
    text(o, 'name', path);
    text(o, 'url', path);
  },
  true,
);
export const readAddon = wrapped('addon', (o, path) => {
  text(o, 'id', path);
  text(o, 'status', path);
});
export const readProviders = listed('addon_providers', (o, path) => {
  text(o, 'id', path);
  text(o, 'name', path);
});
export const readPlans = listed('plans', (o, path) => {
  text(o, 'id', path);
  text(o, 'name', path);
});
export const readArchive = (body: unknown): unknown => {
  text(object(body, 'JSON object'), 'download_url', 'archive');
  return body;
};
export const readVariables = listed('variables', (o, path) => text(o, 'name', path), true);
export const readLogsUrl = (body: unknown): unknown => {
  const root = object(body, 'JSON object');
  text(root, 'logs_url', 'answer');
  return root;
};
export const readScmRepoLink = wrapped('scm_repo_link', (o, path) => optionalText(o, 'branch', path));
export const readReviewApps = listed(
  'review_apps',
  (o, path) => {
    text(o, 'app_name', path);
    object(o.pull_request, `${path}.pull_request`);
  },
  true,
);

/** An error answer's body: JSON when it is, the text otherwise (a 429's `Retry later`). */
export async function readBody(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A success answer's body as JSON; anything else is Scalingo's (or a proxy's) failure. */
export async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    // Typically an HTML error page from a proxy or a load balancer standing in for Scalingo.
    const type = res.headers.get('content-type')?.split(';')[0] || 'no content type';
    throw new MalformedAnswer(`the body is not JSON (${type}, ${text.length} bytes)`);
  }
}
