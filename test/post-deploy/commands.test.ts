import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/shared/errors.ts';
import { Inputs, readerFromMap } from '../../src/shared/inputs.ts';
import { parseEnvLines, parsePreset, parseSize, PRESETS, resolveCommands } from '../../src/post-deploy/commands.ts';

const lines = (text: string) => new Inputs(readerFromMap({ x: text })).lines('x');

describe('resolveCommands', () => {
  it.each([
    ['commands only', undefined, 'a\n\n# comment\n  b  \n', ['a', 'b']],
    ['django preset', 'django', '', ['python manage.py migrate --noinput', 'python manage.py clearsessions']],
    ['symfony preset', 'symfony', '', ['php bin/console doctrine:migrations:migrate --no-interaction']],
    ['rails preset', 'rails', '', ['bundle exec rails db:migrate']],
    [
      'preset first, then commands',
      'django',
      'python manage.py update_permissions',
      [...PRESETS.django, 'python manage.py update_permissions'],
    ],
  ] as const)('%s', (_name, preset, text, expected) => {
    expect(resolveCommands(parsePreset('preset', preset), lines(text))).toEqual(expected);
  });

  it('refuses an empty list without a preset, naming the input', () => {
    expect(() => resolveCommands(undefined, lines('\n# only a comment\n'))).toThrow(ConfigurationError);
    expect(() => resolveCommands(undefined, [])).toThrow(/Input 'commands'.*nothing to run.*preset/);
  });
});

describe('parsePreset', () => {
  it.each([
    ['Django', 'django'],
    ['RAILS', 'rails'],
    ['', undefined],
    [undefined, undefined],
  ])('%s -> %s', (value, expected) => {
    expect(parsePreset('preset', value)).toBe(expected);
  });

  it('refuses an unknown preset and lists the known ones', () => {
    expect(() => parsePreset('preset', 'laravel')).toThrow(
      /Input 'preset': 'laravel' is not a known preset.*django, symfony, rails/,
    );
  });
});

describe('parseSize', () => {
  it.each([
    [undefined, 'M'],
    ['', 'M'],
    ['l', 'L'],
    ['2xl', '2XL'],
    ['4xl', '4XL'],
    ['S', 'S'],
  ])('%s -> %s', (value, expected) => {
    expect(parseSize('size', value)).toBe(expected);
  });

  it.each(['XXL', 'medium', '3'])('refuses %s', (value) => {
    expect(() => parseSize('size', value)).toThrow(
      new RegExp(`Input 'size': '${value}' is not a Scalingo container size`),
    );
  });
});

describe('parseEnvLines', () => {
  it('reads KEY=VALUE lines, keeping = and spaces inside values', () => {
    expect(
      parseEnvLines(
        'env',
        lines('DJANGO_SETTINGS_MODULE=shop.settings\n# skip\nDSN=postgres://u:p@h/db?a=b\nMSG=hello world'),
      ),
    ).toEqual({
      DJANGO_SETTINGS_MODULE: 'shop.settings',
      DSN: 'postgres://u:p@h/db?a=b',
      MSG: 'hello world',
    });
  });

  it('accepts an empty value', () => {
    expect(parseEnvLines('env', ['EMPTY='])).toEqual({ EMPTY: '' });
  });

  it.each([
    ['no equals sign', ['SECRET_VALUE_ONLY'], /entry 1 has no '='/],
    ['a name starting with a digit', ['1A=x'], /'1A' is not a valid variable name/],
    ['a name with a dash', ['MY-VAR=x'], /'MY-VAR' is not a valid variable name/],
    ['an empty name', ['=x'], /'' is not a valid variable name/],
    ['a duplicate', ['A=1', 'A=2'], /'A' is set twice/],
  ])('refuses %s, naming the input', (_name, input, message) => {
    expect(() => parseEnvLines('env', input)).toThrow(message);
    expect(() => parseEnvLines('env', input)).toThrow(/^Input 'env'/);
  });

  it('never quotes a line that may be a secret value', () => {
    expect(() => parseEnvLines('env', ['s3cr3t-value'])).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }),
    );
  });
});
