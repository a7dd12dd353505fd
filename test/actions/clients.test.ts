import { describe, expect, it } from 'vitest';
import { secondMsFor } from '../../src/actions/clients.ts';

describe('secondMsFor', () => {
  it.each([
    ['https://api.github.com', '10', 1000],
    ['https://sentry.io', '10', 1000],
    ['http://127.0.0.1:4000', '10', 10],
    ['http://localhost:4000/api/v3', '25', 25],
    ['http://[::1]:4000', '10', 10],
    ['http://127.0.0.1:4000', undefined, 1000],
    ['http://127.0.0.1:4000', '0', 1000],
    ['http://127.0.0.1:4000', 'fast', 1000],
    ['http://127.0.0.1:4000', '5000', 1000],
  ])('%s with SCALINGO_ACTIONS_TEST_SECOND_MS=%s: %i ms', (url, value, ms) => {
    expect(secondMsFor(url, value === undefined ? {} : { SCALINGO_ACTIONS_TEST_SECOND_MS: value })).toBe(ms);
  });
});
