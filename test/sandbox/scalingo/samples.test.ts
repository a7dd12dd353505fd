// Compares the sandbox's answers with real Scalingo responses recorded in 2020
// (../shared/scalingo-samples, beside the repository): same call, same status, same content type,
// and every field of the recorded body present in ours with the same JSON type. The samples are
// read at test time and never copied here; without ../shared (GitHub runners) the suite is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/scalingo/index.ts';
import { call, exchange, until, type Answer } from './test-helpers.ts';

const SAMPLES = resolve(import.meta.dirname, '../../../../shared/scalingo-samples');
const present = existsSync(join(SAMPLES, 'README.md'));
const title = present
  ? 'recorded Scalingo samples'
  : 'recorded Scalingo samples — skipped: ../shared/scalingo-samples is absent (no ../shared beside this checkout, as on GitHub runners)';

interface Sample {
  path: string;
  method: string;
  request: { headers: Record<string, string>; json_body?: unknown };
  response: { status: number; headers: Record<string, string>; json_body?: unknown; body?: string };
}

function sample(file: string): Sample {
  return JSON.parse(readFileSync(join(SAMPLES, file), 'utf8')) as Sample;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

// Objects whose keys are data, not field names.
const MAPS = new Set(['flags', 'limits']);

/** Every field of `recorded` must be in `ours` with the same JSON type (null in a recording says nothing about the type). */
function shapeProblems(recorded: unknown, ours: unknown, at = '$'): string[] {
  if (recorded === null) return [];
  if (kind(recorded) !== kind(ours)) return [`${at}: recorded ${kind(recorded)}, sandbox ${kind(ours)}`];
  if (Array.isArray(recorded) && Array.isArray(ours)) {
    if (recorded.length === 0 || ours.length === 0)
      return recorded.length === ours.length || ours.length > 0
        ? []
        : [`${at}: recorded a non-empty array, sandbox an empty one`];
    return shapeProblems(recorded[0], ours[0], `${at}[0]`);
  }
  if (kind(recorded) !== 'object') return [];
  const theirs = recorded as Record<string, unknown>;
  const mine = ours as Record<string, unknown>;
  return Object.keys(theirs).flatMap((key) => {
    if (!(key in mine)) return [`${at}.${key}: missing`];
    return MAPS.has(key) ? [] : shapeProblems(theirs[key], mine[key], `${at}.${key}`);
  });
}

function mediaType(value: string | null | undefined): string {
  return (value ?? '').split(';')[0]?.trim() ?? '';
}

function headerOf(s: Sample, name: string): string | undefined {
  const key = Object.keys(s.response.headers).find((k) => k.toLowerCase() === name);
  return key ? s.response.headers[key] : undefined;
}

describe.skipIf(!present)(title, () => {
  let sandbox: Sandbox;
  let jwt: string;
  let appId: string;
  let deploymentId: string;
  let variableId: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ phaseMs: 10 });
    sandbox.createApp('fresh-app');
    sandbox.createApp('example-running-application', { variables: { EXISTING: 'value' }, addons: ['postgresql'] });
    jwt = await exchange(sandbox);
    const app = sandbox.app('example-running-application');
    appId = app.id;
    variableId = app.variables[0]?.id ?? '';
    deploymentId = sandbox.startDeployment('example-running-application', {
      gitRef: 'a5dca8ec8f48630c07c56fd8370e4f5535fe0fd8',
    });
    await until(() => (app.deployments[0]?.status === 'success' ? true : undefined));
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const APP = '/v1/apps/example-running-application';
  const addonId = () => sandbox.app('example-running-application').addons[0]?.id ?? '';
  const cases: [string, () => Promise<Answer>][] = [
    ['auth/tokens/exchange-200.json', () => basicExchange(sandbox.apiToken)],
    ['auth/tokens/exchange-401.json', () => basicExchange('tk-us-PLACEHOLDER-API-TOKEN')],
    ['regional/apps/find-200.json', () => call(sandbox, jwt, 'GET', '/v1/apps/fresh-app')],
    ['regional/apps/find-404.json', () => call(sandbox, jwt, 'GET', '/v1/apps/wrong-id')],
    ['regional/apps/logs_url.json', () => call(sandbox, jwt, 'GET', '/v1/apps/fresh-app/logs')],
    ['regional/deployments/find-200.json', () => call(sandbox, jwt, 'GET', `${APP}/deployments/${deploymentId}`)],
    [
      'regional/deployments/logs-200.json',
      () => call(sandbox, jwt, 'GET', `${APP}/deployments/${deploymentId}/output`),
    ],
    ['regional/environment/for-200.json', () => call(sandbox, jwt, 'GET', `/v1/apps/${appId}/variables`)],
    [
      'regional/environment/create-201.json',
      () => replay('regional/environment/create-201.json', `/v1/apps/${appId}/variables`),
    ],
    [
      'regional/environment/create-422.json',
      () => replay('regional/environment/create-422.json', `/v1/apps/${appId}/variables`),
    ],
    [
      'regional/environment/bulk-update-200.json',
      () => replay('regional/environment/bulk-update-200.json', `/v1/apps/${appId}/variables`),
    ],
    [
      'regional/environment/update-200.json',
      () => replay('regional/environment/update-200.json', `/v1/apps/${appId}/variables/${variableId}`),
    ],
    [
      'regional/environment/update-404.json',
      () => replay('regional/environment/update-404.json', `/v1/apps/${appId}/variables/not-found`),
    ],
    [
      'regional/environment/destroy-204.json',
      () => replay('regional/environment/destroy-204.json', `/v1/apps/${appId}/variables/${variableId}`),
    ],
    [
      'regional/environment/destroy-404.json',
      () => replay('regional/environment/destroy-404.json', `/v1/apps/${appId}/variables/not-found`),
    ],
    ['regional/environment/bulk-destroy-204.json', () => bulkDestroy()],
    ['regional/containers/for-200.json', () => call(sandbox, jwt, 'GET', `${APP}/containers`)],
    ['regional/containers/scale-202.json', () => replay('regional/containers/scale-202.json', `${APP}/scale`)],
    ['regional/containers/scale-422.json', () => replay('regional/containers/scale-422.json', `${APP}/scale`)],
    ['regional/containers/restart-202.json', () => replay('regional/containers/restart-202.json', `${APP}/restart`)],
    ['regional/containers/restart-422.json', () => replay('regional/containers/restart-422.json', `${APP}/restart`)],
    ['regional/containers/sizes-logged.json', () => call(sandbox, jwt, 'GET', '/v1/features/container_sizes')],
    ['regional/containers/sizes-guest.json', () => call(sandbox, null, 'GET', '/v1/features/container_sizes')],
    ['regional/operations/find-200.json', () => restartOperation()],
    ['regional/addons/for-200.json', () => call(sandbox, jwt, 'GET', `${APP}/addons`)],
    ['regional/addons/token-200.json', () => call(sandbox, jwt, 'POST', `${APP}/addons/${addonId()}/token`)],
  ];

  async function basicExchange(token: string): Promise<Answer> {
    const res = await fetch(`${sandbox.authUrl}/v1/tokens/exchange`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}` },
    });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text), text, headers: res.headers };
  }

  /** The recorded request's method and body, on our app's path. */
  function replay(file: string, path: string): Promise<Answer> {
    const s = sample(file);
    return call(sandbox, jwt, s.method.toUpperCase(), path, s.request.json_body ?? undefined);
  }

  async function bulkDestroy(): Promise<Answer> {
    const created = await call(sandbox, jwt, 'PUT', `/v1/apps/${appId}/variables`, {
      variables: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    });
    const ids = created.body.variables.map((v: { id: string }) => `variable_ids%5B%5D=${v.id}`).join('&');
    return call(sandbox, jwt, 'DELETE', `/v1/apps/${appId}/variables?${ids}`);
  }

  async function restartOperation(): Promise<Answer> {
    const restart = await call(sandbox, jwt, 'POST', `${APP}/restart`, { scope: ['web'] });
    return call(sandbox, jwt, 'GET', new URL(restart.headers.get('location') ?? '').pathname);
  }

  it.each(cases)('%s: same status, content type and field types', async (file, run) => {
    const recorded = sample(file);
    const ours = await run();
    expect(ours.status).toBe(recorded.response.status);
    const type = mediaType(headerOf(recorded, 'content-type'));
    if (type) expect(mediaType(ours.headers.get('content-type'))).toBe(type);
    if (headerOf(recorded, 'location')) expect(ours.headers.get('location')).toMatch(/\/operations\/[0-9a-f]+$/);
    if (recorded.response.json_body !== undefined && recorded.response.json_body !== null) {
      expect(shapeProblems(recorded.response.json_body, ours.body)).toEqual([]);
    } else {
      expect(ours.text === '').toBe((recorded.response.body ?? '') === '');
    }
  });

  it.each(['auth/tokens/exchange-200.json', 'regional/addons/token-200.json'])(
    '%s: the JWT has the recorded header and claim names',
    async (file) => {
      const recorded = sample(file).response.json_body as { token?: string; addon?: { token: string } };
      const theirs = recorded.token ?? recorded.addon?.token ?? '';
      const ours = file.startsWith('auth')
        ? await exchange(sandbox)
        : (await call(sandbox, jwt, 'POST', `${APP}/addons/${addonId()}/token`)).body.addon.token;
      const part = (jwt: string, i: number) =>
        JSON.parse(Buffer.from(jwt.split('.')[i] ?? '', 'base64url').toString()) as Record<string, unknown>;
      expect(Object.keys(part(ours, 1)).sort()).toEqual(Object.keys(part(theirs, 1)).sort());
      expect(part(ours, 0).alg).toBe(part(theirs, 0).alg);
      expect(Number(part(ours, 1).exp) - Number(part(ours, 1).iat)).toBe(
        Number(part(theirs, 1).exp) - Number(part(theirs, 1).iat),
      );
    },
  );
});

describe('the shape comparison', () => {
  it('catches a missing field and a wrong type', () => {
    expect(shapeProblems({ a: 1, b: { c: 'x' }, d: [{ e: true }] }, { a: '1', b: {}, d: [{ e: 1 }] })).toEqual([
      '$.a: recorded number, sandbox string',
      '$.b.c: missing',
      '$.d[0].e: recorded boolean, sandbox number',
    ]);
  });
});
