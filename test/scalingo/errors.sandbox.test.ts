import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeError } from '../../src/shared/errors.ts';
import { ScalingoApiError } from '../../src/scalingo/errors.ts';
import { expectNoSecretLeaked, startHarness, type Harness } from './sandbox-client.ts';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  h.sandbox.createApp('my-app');
});

afterEach(async () => {
  await h.sandbox.close();
});

function appReads(): number {
  return h.sandbox.journal.filter((e) => e.path === '/v1/apps/my-app').length;
}

describe('every failure status, as the sandbox sends it', () => {
  it.each([
    // status, kind, user-facing, attempts (1 + retries, or 2 for the 401 re-exchange), message
    [
      401,
      'unauthorized',
      true,
      2,
      /^Scalingo rejected our session while trying to read app 'my-app' \(401: not authenticated\)/,
    ],
    [
      402,
      'payment-required',
      true,
      1,
      /^Scalingo refused to read app 'my-app' for billing reasons \(402: payment required\)/,
    ],
    [403, 'forbidden', true, 1, /^Scalingo forbids the token's user to read app 'my-app' \(403: forbidden\)/],
    [404, 'not-found', true, 1, /^Scalingo has no app named 'my-app' in this region/],
    [409, 'conflict', true, 1, /^Scalingo refused to read app 'my-app' because of the current state \(409: conflict\)/],
    [422, 'validation', true, 1, /^Scalingo rejected the request to read app 'my-app': base: is invalid\.$/],
    [429, 'rate-limited', true, 5, /^Scalingo rate limit hit while trying to read app 'my-app' \(429: Retry later\)/],
    [
      500,
      'server',
      true,
      5,
      /^Scalingo failed to read app 'my-app' \(500: internal server error\), still after retries/,
    ],
    [503, 'server', true, 5, /^Scalingo failed to read app 'my-app' \(503: service unavailable\)/],
    [
      400,
      'unexpected',
      false,
      1,
      /^Scalingo answered 400: bad request when asked to read app 'my-app', which this client does not expect\.$/,
    ],
  ])('%i -> %s', async (status, kind, userFacing, attempts, message) => {
    h.sandbox.fault({ method: 'GET', path: '/v1/apps/my-app', status, times: Infinity });
    const error = await h.client.apps.get('my-app').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScalingoApiError);
    expect(error).toMatchObject({ status, kind, userFacing });
    expect((error as Error).message).toMatch(message);
    expect(describeError(error).startsWith('Unexpected error')).toBe(!userFacing);
    expect(appReads()).toBe(attempts);
    expectNoSecretLeaked(h);
  });

  it('says the API token is wrong when the exchange refuses it, and sends nothing else', async () => {
    const { ScalingoClient } = await import('../../src/scalingo/client.ts');
    const client = new ScalingoClient({
      apiToken: 'tk-us-not-the-right-one',
      apiUrl: h.sandbox.apiUrl,
      authUrl: h.sandbox.authUrl,
      dbApiUrl: h.sandbox.dbApiUrl,
      logger: h.logger,
    });
    const error = await client.apps.get('my-app').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, userFacing: true });
    expect((error as Error).message).toMatch(/^Scalingo rejected the API token \(401: Invalid credentials\)/);
    expect(h.sandbox.journal.map((e) => e.path)).toEqual(['/v1/tokens/exchange']);
    expect(h.logger.text()).not.toContain('tk-us-not-the-right-one');
  });

  it('retries the token exchange itself after a reset', async () => {
    h.sandbox.fault({ path: '/v1/tokens/exchange', drop: true });
    expect(await h.client.apps.get('my-app')).toMatchObject({ name: 'my-app' });
    expect(h.sandbox.journal.filter((e) => e.path === '/v1/tokens/exchange').map((e) => e.status)).toEqual([0, 200]);
  });
});
