import { describe, expect, it } from 'vitest';
import { isNetworkFailure, networkReason } from '../../src/shared/network.ts';

const withCause = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });

describe('networkReason', () => {
  it.each([
    ['a fetch failure', withCause({ code: 'ECONNRESET' }), 'ECONNRESET'],
    ['an aggregate of addresses', withCause({ errors: [{ code: 'ECONNREFUSED' }] }), 'ECONNREFUSED'],
    ['a cause of a cause', withCause({ cause: { code: 'ENOTFOUND' } }), 'ENOTFOUND'],
    ['a socket error', Object.assign(new Error('connect'), { code: 'EPIPE' }), 'EPIPE'],
    ['a timeout', Object.assign(new Error('t'), { name: 'TimeoutError' }), 'timed out'],
    ['a numeric code', withCause({ code: 0, message: 'Request was cancelled.' }), 'Request was cancelled.'],
    ['anything else', 'boom', 'boom'],
  ])('%s', (_what, error, reason) => {
    expect(networkReason(error)).toBe(reason);
  });
});

describe('isNetworkFailure', () => {
  it.each([
    [withCause({ code: 'ECONNRESET' }), true],
    [Object.assign(new Error('t'), { name: 'TimeoutError' }), true],
    [new TypeError('Cannot read properties of undefined'), false],
    [new Error('a bug'), false],
  ])('%s → %s', (error, expected) => {
    expect(isNetworkFailure(error)).toBe(expected);
  });
});
