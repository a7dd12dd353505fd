// The Sentry inputs deploy and deploy-production share, read and checked before anything changes.
import type { DurationBounds } from '../shared/duration.ts';
import { inputError } from '../shared/errors.ts';
import { parseUrl, type Inputs } from '../shared/inputs.ts';
import { isLoopbackHost } from '../shared/network.ts';
import type { SentryParams } from './params.ts';
import { releaseName, releaseProblem } from './release-name.ts';

export type { SentryParams } from './params.ts';

export const DEFAULT_SENTRY_URL = 'https://sentry.io';

/** The watch keeps the runner busy: an hour at most. */
export const WATCH_BOUNDS: DurationBounds = { minMs: 1000, maxMs: 3_600_000 };

const SLUG = /^[a-z0-9][a-z0-9_-]{0,49}$/i;
const PLACEHOLDER = /\{(\w+)\}/g;
const PLACEHOLDERS = ['version', 'tag', 'sha'];

/** `sntrys_<base64 {url, org, …}>_<secret>` (facts A1): the server and organization it was made for. */
export function orgTokenClaims(token: string): { url?: string; org?: string } {
  const match = /^sntrys_(.+)_[^_]+$/.exec(token);
  if (!match) return {};
  try {
    const claims = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as { url?: unknown; org?: unknown };
    return {
      ...(typeof claims.url === 'string' && claims.url ? { url: claims.url } : {}),
      ...(typeof claims.org === 'string' && claims.org ? { org: claims.org } : {}),
    };
  } catch {
    return {};
  }
}

function readUrl(inputs: Inputs, claimed: string | undefined): string {
  const given = inputs.url('sentry-url');
  const url = given ?? (claimed ? parseUrl('sentry-auth-token', claimed) : DEFAULT_SENTRY_URL);
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw inputError(
      given ? 'sentry-url' : 'sentry-auth-token',
      `would send the Sentry token over plain http to ${parsed.hostname}`,
      'Use an https:// URL (plain http is only allowed to a loopback host such as 127.0.0.1).',
    );
  }
  if (parsed.pathname !== '/' || parsed.search || parsed.hash) {
    throw inputError(
      'sentry-url',
      `'${url}' has a path`,
      'Give the root of the Sentry server (its API lives under /api/0/), e.g. https://sentry.example.com/.',
    );
  }
  return parsed.origin;
}

function readTemplate(inputs: Inputs, fallback: string): string {
  const template = inputs.optional('sentry-release') ?? fallback;
  for (const [, key] of template.matchAll(PLACEHOLDER)) {
    if (!PLACEHOLDERS.includes(key!))
      throw inputError(
        'sentry-release',
        `'{${key}}' is not a placeholder`,
        'Use {version}, {tag} or {sha}, e.g. shop@{version}.',
      );
  }
  const problem = releaseProblem(releaseName(template, { version: '1.0.0', tag: 'v1.0.0', sha: '0'.repeat(40) }));
  if (problem)
    throw inputError('sentry-release', problem, 'Name releases as your Sentry SDK reports them, e.g. shop@{version}.');
  return template;
}

function readMax(inputs: Inputs, watchMs: number | undefined): number | undefined {
  const raw = inputs.optional('sentry-max-new-issues');
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw))
    throw inputError(
      'sentry-max-new-issues',
      `'${raw}' is not a whole number`,
      'Give 0 or more, e.g. 0 to fail on any new issue.',
    );
  if (watchMs === undefined)
    throw inputError(
      'sentry-max-new-issues',
      'is set without sentry-watch',
      'Set how long to watch, e.g. `sentry-watch: 10m`.',
    );
  return Number(raw);
}

/**
 * The Sentry settings, or a note saying why Sentry is off: no token (a run without secrets, such as a
 * Dependabot or fork pull request, must not fail for it). `defaults`: the environment and release
 * name when the inputs leave them out.
 */
export function readSentryInputs(
  inputs: Inputs,
  defaults: { environment: string; release: string },
): { sentry?: SentryParams; note?: string } {
  const token = inputs.optional('sentry-auth-token');
  const others = ['sentry-org', 'sentry-project', 'sentry-watch', 'sentry-max-new-issues'];
  if (token === undefined) {
    const set = others.filter((name) => inputs.optional(name) !== undefined);
    return set.length === 0 ? {} : { note: `${set.join(', ')} set but sentry-auth-token is empty: Sentry is skipped.` };
  }
  const claims = orgTokenClaims(token);
  const baseUrl = readUrl(inputs, claims.url);
  const org = inputs.optional('sentry-org') ?? claims.org;
  if (org === undefined)
    throw inputError(
      'sentry-org',
      'is required with sentry-auth-token',
      'Give your organization slug, as in https://sentry.io/organizations/<slug>/.',
    );
  if (!SLUG.test(org))
    throw inputError('sentry-org', `'${org}' is not an organization slug`, 'Copy the slug from the Sentry URL.');
  const projects = inputs
    .raw('sentry-project')
    .split(/[\s,]+/)
    .filter(Boolean);
  if (projects.length === 0)
    throw inputError(
      'sentry-project',
      'is required with sentry-auth-token',
      'Give the project slug (several separated by spaces).',
    );
  const bad = projects.find((p) => !SLUG.test(p));
  if (bad)
    throw inputError('sentry-project', `'${bad}' is not a project slug`, 'Copy the slug from the project’s settings.');
  const environment = inputs.optional('sentry-environment') ?? defaults.environment;
  if (environment.length > 64 || /[/\r\n\f]/.test(environment))
    throw inputError(
      'sentry-environment',
      `'${environment}' is not a Sentry environment name`,
      'Use at most 64 characters, without slashes or line breaks, e.g. production.',
    );
  const release = readTemplate(inputs, defaults.release);
  const watchMs =
    inputs.optional('sentry-watch') === undefined ? undefined : inputs.duration('sentry-watch', '10m', WATCH_BOUNDS);
  const maxNewIssues = readMax(inputs, watchMs);
  return {
    sentry: {
      token,
      baseUrl,
      org,
      projects,
      environment,
      release,
      ...(watchMs === undefined ? {} : { watchMs }),
      ...(maxNewIssues === undefined ? {} : { maxNewIssues }),
    },
  };
}
