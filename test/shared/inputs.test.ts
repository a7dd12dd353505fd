import { describe, expect, it } from 'vitest';
import { Inputs, readerFromMap } from '../../src/shared/inputs.ts';
import { formatDuration, parseDuration } from '../../src/shared/duration.ts';
import { readScalingoSettings } from '../../src/shared/scalingo-settings.ts';
import { ConfigurationError, describeError } from '../../src/shared/errors.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['45', 45_000],
    ['250ms', 250],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseDuration('timeout', text)).toBe(ms);
  });

  it.each(['', 'soon', '10 minutes', '5d', '0s', '-1m'])('rejects %j naming the input', (text) => {
    expect(() => parseDuration('timeout', text)).toThrow(/^Input 'timeout': .*(duration|zero)/);
  });

  it.each([
    [900, '1s'],
    [75_000, '1m15s'],
    [3_725_000, '1h02m05s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('Inputs', () => {
  const inputs = (values: Record<string, string>) => new Inputs(readerFromMap(values));

  it.each([
    ['true', true],
    ['False', false],
    ['', true],
  ])('boolean %j', (value, expected) => {
    expect(inputs({ flag: value }).boolean('flag', true)).toBe(expected);
  });

  it('rejects a non-boolean with the input name and the fix', () => {
    expect(() => inputs({ flag: 'maybe' }).boolean('flag', false)).toThrow(
      "Input 'flag': 'maybe' is not a boolean. Use 'true' or 'false'.",
    );
  });

  it('reads lines without blanks and comments', () => {
    expect(inputs({ commands: '  a\n\n# skip\nb c \r\n' }).lines('commands')).toEqual(['a', 'b c']);
  });

  it('rejects a value outside a fixed set, listing the allowed ones', () => {
    expect(() => inputs({ source: 'ftp' }).oneOf('source', ['archive', 'upload'], 'archive')).toThrow(
      /'ftp' is not one of archive, upload/,
    );
  });

  it.each(['ftp://x', 'not a url'])('rejects URL %j', (value) => {
    expect(() => inputs({ hook: value }).url('hook')).toThrow(ConfigurationError);
  });
});

describe('readScalingoSettings', () => {
  const base = { app: 'my-app-staging', 'api-token': 'tk-us-secret' };

  it('defaults to the public osc-fr1 endpoints', () => {
    const settings = readScalingoSettings(new Inputs(readerFromMap(base)), {});
    expect(settings).toMatchObject({
      region: 'osc-fr1',
      apiUrl: 'https://api.osc-fr1.scalingo.com',
      authUrl: 'https://auth.scalingo.com',
      dbApiUrl: 'https://db-api.osc-fr1.scalingo.com',
    });
  });

  it('honours the CLI environment variables, and inputs over them', () => {
    const env = {
      SCALINGO_API_URL: 'http://127.0.0.1:1',
      SCALINGO_AUTH_URL: 'http://127.0.0.1:2',
      SCALINGO_DB_URL: 'http://127.0.0.1:3',
    };
    const settings = readScalingoSettings(
      new Inputs(readerFromMap({ ...base, 'api-url': 'http://127.0.0.1:9/' })),
      env,
    );
    expect(settings).toMatchObject({
      apiUrl: 'http://127.0.0.1:9',
      authUrl: 'http://127.0.0.1:2',
      dbApiUrl: 'http://127.0.0.1:3',
    });
  });

  it.each([
    [{ 'api-token': 'x' }, "Input 'app': is required"],
    [{ app: 'My_App', 'api-token': 'x' }, "Input 'app': 'My_App' is not a Scalingo app name"],
    [{ app: 'my--app', 'api-token': 'x' }, 'is not a Scalingo app name'],
    [{ app: 'my-app' }, "Input 'api-token': is required"],
  ])('rejects %j', (values, message) => {
    expect(() => readScalingoSettings(new Inputs(readerFromMap(values)), {})).toThrow(message);
  });
});

describe('describeError', () => {
  it('shows user errors as they are and calls anything else a bug', () => {
    expect(describeError(new ConfigurationError('fix the app name'))).toBe('fix the app name');
    expect(describeError(new TypeError('x is undefined'))).toMatch(/bug in scalingo-actions.*x is undefined/);
    expect(describeError('thrown string')).toMatch(/bug.*thrown string/);
  });
});
