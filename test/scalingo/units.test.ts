import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { operationIdFromUrl } from '../../src/scalingo/apps.ts';
import { parseStreamFrame } from '../../src/scalingo/deployment-stream.ts';
import { renderValidationErrors } from '../../src/scalingo/errors.ts';
import { maskUrl } from '../../src/shared/secrets.ts';
import { CachedToken, jwtExpiry } from '../../src/scalingo/tokens.ts';
import { fakeJwt } from './fake-api.ts';

describe('parseStreamFrame', () => {
  it.each([
    ['{"type":"ping","data":{"ts":1465288802}}', { type: 'ping' }],
    ['{"type":"new","data":{"deployment":"d-1"}}', { type: 'new', deploymentId: 'd-1' }],
    [
      '{"type":"new","data":{"deployment":{"id":"d-1","pusher":{"username":"bob"}}}}',
      { type: 'new', deploymentId: 'd-1' },
    ],
    [
      '{"type":"log","id":"d-1","data":{"content":"-----> Building"}}',
      { type: 'log', deploymentId: 'd-1', content: '-----> Building' },
    ],
    [
      '{"type":"status","id":"d-1","data":{"status":"pushing"}}',
      { type: 'status', deploymentId: 'd-1', status: 'pushing' },
    ],
    [
      '{"type":"status","id":"d-1","data":{"status":"some-future-status"}}',
      { type: 'status', deploymentId: 'd-1', status: 'some-future-status' },
    ],
  ])('%s', (frame, event) => {
    expect(parseStreamFrame(frame)).toEqual(event);
  });

  it.each([
    'not json',
    '{"type":"log","data":{"content":"no id"}}',
    '{"type":"new","data":{}}',
    '{"type":"other"}',
    'null',
    '[]',
    '"text"',
    '{"type":"log","id":"d-1","data":null}',
  ])('ignores %s', (frame) => {
    expect(parseStreamFrame(frame)).toBeUndefined();
  });
});

describe('operationIdFromUrl', () => {
  it.each([
    ['https://api.osc-fr1.scalingo.com/v1/apps/my-app/operations/op-1', 'op-1'],
    ['https://api.osc-fr1.scalingo.com/v1/apps/my-app/operations/op-1/', 'op-1'],
    ['https://api.osc-fr1.scalingo.com/v1/apps/my-app/operations/op-1?x=y', 'op-1'],
    [null, null],
    ['', null],
  ])('%s -> %s', (url, id) => {
    expect(operationIdFromUrl(url)).toBe(id);
  });
});

describe('renderValidationErrors', () => {
  it.each([
    [
      { errors: { name: ["can't be blank", 'must start with a letter'] } },
      "name: can't be blank; name: must start with a letter",
    ],
    [{ errors: { scope: "'wrong' -> no such process type" } }, "scope: 'wrong' -> no such process type"],
    [{ errors: {} }, undefined],
    ['Retry later', undefined],
  ])('%j -> %s', (body, text) => {
    expect(renderValidationErrors(body)).toBe(text);
  });
});

describe('maskUrl', () => {
  it('masks the URL and its long token parts, not short path words', () => {
    const logger = new MemoryLogger();
    maskUrl(
      logger,
      'https://api.osc-fr1.scalingo.com/v1/sources/5b4ec1e0-a8f5-4c5b-9d1f-0123456789ab?token=0123456789abcdef0123',
    );
    expect(logger.masked).toEqual([
      'https://api.osc-fr1.scalingo.com/v1/sources/5b4ec1e0-a8f5-4c5b-9d1f-0123456789ab?token=0123456789abcdef0123',
      '0123456789abcdef0123',
      '5b4ec1e0-a8f5-4c5b-9d1f-0123456789ab',
    ]);
  });
});

describe('tokens', () => {
  it('reads exp without verifying', () => {
    const jwt = fakeJwt(600);
    expect(jwtExpiry(jwt)).toBeGreaterThan(Date.now() + 590_000);
    expect(jwtExpiry('not-a-jwt')).toBeUndefined();
    expect(jwtExpiry('a.!!!.c')).toBeUndefined();
  });

  it('shares one renewal between concurrent callers and masks it', async () => {
    const logger = new MemoryLogger();
    let fetched = 0;
    const token = new CachedToken(async () => {
      fetched++;
      return fakeJwt(3600, `n${fetched}`);
    }, logger);
    const [a, b] = await Promise.all([token.token(), token.token()]);
    expect(a).toBe(b);
    expect(fetched).toBe(1);
    expect(logger.masked).toEqual([a]);
    token.invalidate();
    expect(await token.token()).not.toBe(a);
    expect(fetched).toBe(2);
  });

  it('renews when fewer than five minutes remain, judged by its clock', async () => {
    let now = Date.now();
    let fetched = 0;
    const token = new CachedToken(
      async () => (fetched++, fakeJwt(3600)),
      new MemoryLogger(),
      () => now,
    );
    await token.token();
    now += 54 * 60_000;
    await token.token();
    expect(fetched).toBe(1);
    now += 2 * 60_000;
    await token.token();
    expect(fetched).toBe(2);
  });
});
