import { networkReason } from '../shared/network.ts';

// Typed failures of the Scalingo API. Each message is a sentence a user can act on; none ever
// carries a token or a signed URL (only method, path and the server's own error text).

export type ScalingoErrorKind =
  | 'unauthorized'
  | 'payment-required'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'validation'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'malformed'
  | 'timeout'
  | 'unexpected';

/** What the failed request was for, to build a message that names the app and the action. */
export interface RequestContext {
  /** A verb phrase: "read app 'my-app'", "create a deployment of 'my-app'". */
  what: string;
  app?: string;
  /** True for the token exchange on the auth host: a 401 there means a bad API token. */
  exchange?: boolean;
  /** A 404 without `resource` means the app itself is unknown (GET /apps/:app). */
  appLookup?: boolean;
  /** The request's URL: its host tells which region was asked. */
  url?: string;
}

export interface ScalingoApiErrorInit {
  kind: ScalingoErrorKind;
  status: number;
  message: string;
  resource?: string;
  body?: unknown;
  cause?: unknown;
}

export class ScalingoApiError extends Error {
  override readonly name = 'ScalingoApiError';
  readonly kind: ScalingoErrorKind;
  /** HTTP status; 0 when no response arrived (network). */
  readonly status: number;
  readonly resource: string | undefined;
  readonly body: unknown;
  /**
   * Shown as is by describeError: the cause lies with the token, the app, its state or Scalingo's
   * availability, not with this project. Only `unexpected` (a status our code did not expect) is a bug.
   */
  readonly userFacing: boolean;

  constructor(init: ScalingoApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.resource = init.resource;
    this.body = init.body;
    this.userFacing = init.kind !== 'unexpected';
  }
}

/** A Scalingo operation (restart, one-off start) that ended in `error`. */
export class ScalingoOperationError extends Error {
  override readonly name = 'ScalingoOperationError';
  readonly userFacing = true;
}

const TOKEN_HELP =
  'Create a token in the Scalingo dashboard (User settings > API tokens), store it as a repository secret and pass it as `api-token`.';

function errorText(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 300) || undefined;
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
    return (body as { error: string }).error;
  }
  return undefined;
}

/** 422 bodies: {"errors":{"name":["can't be blank"]}} -> "name: can't be blank". */
export function renderValidationErrors(body: unknown): string | undefined {
  const errors = body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  if (!errors || typeof errors !== 'object') return undefined;
  const parts: string[] = [];
  for (const [field, messages] of Object.entries(errors as Record<string, unknown>)) {
    const list = Array.isArray(messages) ? messages : [messages];
    for (const message of list) parts.push(`${field}: ${String(message)}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function detail(status: number, body: unknown): string {
  const text = errorText(body);
  return text ? `${status}: ${text}` : String(status);
}

/** Builds the typed error for an HTTP status outside what the endpoint is expected to return. */
export function errorFromResponse(status: number, body: unknown, ctx: RequestContext): ScalingoApiError {
  const resource = body && typeof body === 'object' ? (body as { resource?: unknown }).resource : undefined;
  const res = typeof resource === 'string' ? resource : undefined;
  const base = { status, body, resource: res };
  if (status === 401) {
    const message = ctx.exchange
      ? `Scalingo rejected the API token (${detail(status, body)}): it is invalid, expired or revoked. ${TOKEN_HELP}`
      : `Scalingo rejected our session while trying to ${ctx.what} (${detail(status, body)}), even after a fresh token exchange. Check that the API token has not been revoked. ${TOKEN_HELP}`;
    return new ScalingoApiError({ ...base, kind: 'unauthorized', message });
  }
  if (status === 402) {
    const url = body && typeof body === 'object' ? (body as { url?: unknown }).url : undefined;
    const more = typeof url === 'string' ? ` See ${url}.` : '';
    return new ScalingoApiError({
      ...base,
      kind: 'payment-required',
      message: `Scalingo refused to ${ctx.what} for billing reasons (${detail(status, body)}): check the account's plan or payment method in the dashboard.${more}`,
    });
  }
  if (status === 403) {
    return new ScalingoApiError({
      ...base,
      kind: 'forbidden',
      message: `Scalingo forbids the token's user to ${ctx.what} (${detail(status, body)}): use an API token of the app's owner or of a collaborator with enough rights.`,
    });
  }
  if (status === 404) {
    const message =
      res === 'app' || (res === undefined && ctx.appLookup)
        ? `Scalingo has no app named '${ctx.app ?? '?'}' in this region${ctx.url ? ` (${new URL(ctx.url).host})` : ''} (or the token cannot see it): check \`app\` and \`region\`.`
        : `Scalingo found no ${res ?? 'such resource'} while trying to ${ctx.what} (${detail(status, body)}).`;
    return new ScalingoApiError({ ...base, kind: 'not-found', message });
  }
  if (status === 409) {
    return new ScalingoApiError({
      ...base,
      kind: 'conflict',
      message: `Scalingo refused to ${ctx.what} because of the current state (${detail(status, body)}): wait for the running operation to finish and retry.`,
    });
  }
  if (status === 422) {
    const fields = renderValidationErrors(body) ?? errorText(body) ?? 'no details';
    return new ScalingoApiError({
      ...base,
      kind: 'validation',
      message: `Scalingo rejected the request to ${ctx.what}: ${fields}.`,
    });
  }
  if (status === 429) {
    return new ScalingoApiError({
      ...base,
      kind: 'rate-limited',
      message: `Scalingo rate limit hit while trying to ${ctx.what} (429: ${errorText(body) ?? 'no body'}), still after backing off: Scalingo allows 60 requests per minute per token; avoid sharing one token between many parallel jobs.`,
    });
  }
  if (status >= 500) {
    return new ScalingoApiError({
      ...base,
      kind: 'server',
      message: `Scalingo failed to ${ctx.what} (${detail(status, body)}), still after retries: Scalingo may be having an incident (https://scalingostatus.com); retry the job later.`,
    });
  }
  return new ScalingoApiError({
    ...base,
    kind: 'unexpected',
    message: `Scalingo answered ${detail(status, body)} when asked to ${ctx.what}, which this client does not expect.`,
  });
}

export function networkError(error: unknown, ctx: RequestContext, host: string, attempts: number): ScalingoApiError {
  const reason = networkReason(error);
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return new ScalingoApiError({
    kind: 'network',
    status: 0,
    cause: error,
    message: `Could not reach Scalingo at ${host} to ${ctx.what} (${reason})${tries}: check the region and the api-url/auth-url/db-api-url overrides, or retry later.`,
  });
}

/**
 * Thrown by a request's `read` (or the JSON reading) when an answer lacks what the API contract says
 * it carries. HttpClient turns it into a `malformed` ScalingoApiError naming the route.
 */
export class MalformedAnswer extends Error {
  override readonly name = 'MalformedAnswer';
}

/** Scalingo (or something in between) answered, but not what the API says it answers. */
export function malformedAnswer(
  ctx: RequestContext,
  route: string,
  host: string,
  status: number,
  what: string,
): ScalingoApiError {
  return new ScalingoApiError({
    kind: 'malformed',
    status,
    message:
      `Scalingo answered ${route} on ${host} with ${status}, but ${what} (still after retries, while trying to ${ctx.what}): ` +
      'Scalingo may be having an incident (https://scalingostatus.com), or a proxy answers in its place (check HTTPS_PROXY and the api-url/auth-url/db-api-url overrides). Retry the job later.',
  });
}

/** The caller's deadline passed while the request (or its retries) was under way. */
export function deadlineError(ctx: RequestContext, route: string): ScalingoApiError {
  return new ScalingoApiError({
    kind: 'timeout',
    status: 0,
    message: `Scalingo did not answer ${route} in time to ${ctx.what} (the deadline passed, retries included).`,
  });
}

export { networkReason };
