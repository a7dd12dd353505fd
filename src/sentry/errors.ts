// Sentry failing is Sentry's failure (facts A7): the status, Sentry's own `detail`, and what to do,
// never the token and never "a bug in scalingo-actions".

function hintFor(status: number): string {
  if (status === 0)
    return 'Sentry could not be reached: check `sentry-url` and the runner’s network and proxy settings.';
  if (status === 401)
    return 'Sentry refused the token: it is invalid, expired or revoked; pass a valid `sentry-auth-token`.';
  if (status === 403)
    return 'The token lacks a scope: releases and deploys need `project:releases` (an organization token’s `org:ci` is enough), reading issues needs `event:read`.';
  if (status === 404)
    return 'Check `sentry-org` and `sentry-project`: the organization, project or release is unknown, or the token may not see it.';
  if (status === 429) return 'Sentry’s rate limit: spread the jobs that share this token.';
  if (status >= 500) return 'Sentry is failing (https://status.sentry.io); retry later.';
  return '';
}

export class SentryApiError extends Error {
  override readonly name = 'SentryApiError';
  readonly userFacing = true;
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly hint: string;
  /** What Sentry said (its `detail`), or what went wrong on the way. */
  readonly detail: string;
  /** Sentry's answer, parsed: `{field: [messages]}` on a 400 tells which field. */
  readonly body: unknown;

  constructor(method: string, path: string, status: number, detail: string, body?: unknown) {
    super(`Sentry API ${method} ${path} answered ${status === 0 ? 'nothing' : status}: ${detail}`);
    this.status = status;
    this.method = method;
    this.path = path;
    this.hint = hintFor(status);
    this.detail = detail;
    this.body = body;
  }
}

/** sentry-cli's reading of an error body: a `detail` or `error` string, else the JSON itself, cut short. */
export function detailOf(body: unknown, text: string): string {
  if (body && typeof body === 'object') {
    const { detail, error } = body as { detail?: unknown; error?: unknown };
    if (typeof detail === 'string') return detail;
    if (detail && typeof detail === 'object' && typeof (detail as { message?: unknown }).message === 'string')
      return (detail as { message: string }).message;
    if (typeof error === 'string') return error;
    return JSON.stringify(body).slice(0, 300);
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat ? `a body that is not JSON (${flat.slice(0, 120)})` : 'an empty body';
}
