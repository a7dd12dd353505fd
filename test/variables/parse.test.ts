import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSetAndUnset, parseAssignments, parseNames } from '../../src/variables/parse.ts';
import { missingAfter, planChanges } from '../../src/variables/plan.ts';
import { requiredFromFile } from '../../src/variables/required.ts';

describe('parseAssignments', () => {
  it('reads NAME=value lines with their line numbers, keeping = in values, masking every value first', () => {
    const masked: string[] = [];
    const parsed = parseAssignments('set', '# comment\n  DATABASE_URL=postgres://u:p@h/db?a=b  \n\nA = 1', (v) =>
      masked.push(v),
    );
    expect(parsed).toEqual([
      { name: 'DATABASE_URL', value: 'postgres://u:p@h/db?a=b', line: 2 },
      { name: 'A', value: ' 1', line: 4 },
    ]);
    expect(masked).toEqual(['postgres://u:p@h/db?a=b', ' 1']);
  });

  it('masks a whole line without = before refusing it', () => {
    const masked: string[] = [];
    expect(() => parseAssignments('set', 'A=1\nsk_live_secret', (v) => masked.push(v))).toThrow(
      "Input 'set': line 2 has no '=' (its text is not shown: it may hold a secret). Write one NAME=value per line.",
    );
    expect(masked).toContain('sk_live_secret');
  });

  it.each([
    ['=value', /line 1 has no name before '='/],
    ['9LIVES=x', /line 1: '9LIVES' is not a name Scalingo accepts/],
    ['MY-VAR=x', /line 1: 'MY-VAR' is not a name Scalingo accepts/],
    [`${'N'.repeat(65)}=x`, /is not a name Scalingo accepts/],
    ['EMPTY=', /line 1 \(EMPTY\): the value is empty/],
    [`BIG=${'x'.repeat(8193)}`, /line 1 \(BIG\): the value is 8,193 characters, over Scalingo's limit of 8,192/],
    ['A=1\nA=2', /line 2 sets A again \(first on line 1\)/],
  ])('%j is refused, never quoting the value', (raw, message) => {
    let error: Error | undefined;
    try {
      parseAssignments('set', raw, () => {});
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('x'.repeat(20));
  });

  it(`accepts a name of 64 characters and a value of 8,192`, () => {
    expect(parseAssignments('set', `${'N'.repeat(64)}=${'x'.repeat(8192)}`, () => {})).toHaveLength(1);
  });
});

describe('parseNames and checkSetAndUnset', () => {
  it('takes names separated by spaces, commas or lines, each once', () => {
    expect(parseNames('unset', 'A, B\nC A').map((n) => [n.name, n.line])).toEqual([
      ['A', 1],
      ['B', 1],
      ['C', 2],
    ]);
    expect(() => parseNames('unset', 'A\nB=1')).toThrow(/^Input 'unset': line 2: 'B=1' is not a name/);
  });

  it('refuses a name both set and unset, naming both lines', () => {
    const set = parseAssignments('set', 'A=1\nB=2', () => {});
    expect(() => checkSetAndUnset(set, parseNames('unset', 'C\nB'))).toThrow(
      "Input 'unset': line 2: B is also set by `set` line 2. Keep each name in one of the two inputs.",
    );
  });
});

describe('planChanges and missingAfter', () => {
  const current = [
    { id: '1', name: 'A', value: '1' },
    { id: '2', name: 'B', value: '2' },
    { id: '3', name: 'C', value: '$SCALINGO_POSTGRESQL_URL' },
  ];

  it('sends only what differs, deletes only what exists', () => {
    const plan = planChanges(
      current,
      [
        { name: 'A', value: '1' },
        { name: 'B', value: 'two' },
        { name: 'D', value: '4' },
        { name: 'C', value: '$SCALINGO_POSTGRESQL_URL' },
      ],
      ['C', 'Z'],
    );
    expect(plan).toMatchObject({
      added: ['D'],
      changed: ['B'],
      unchanged: ['A', 'C'],
      removed: ['C'],
      absent: ['Z'],
      put: [
        { name: 'B', value: 'two' },
        { name: 'D', value: '4' },
      ],
      deleteIds: ['3'],
    });
  });

  it('counts what the change sets, and what it unsets as missing', () => {
    const required = ['A', 'D', 'E'].map((name) => ({ name, from: '`require`' }));
    expect(missingAfter(current, required, [{ name: 'D' }], ['A']).map((m) => m.name)).toEqual(['A', 'E']);
  });
});

describe('requiredFromFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'required-'));

  it('reads a .env.example: NAME=example lines, export prefixes, comments', () => {
    writeFileSync(join(dir, '.env.example'), '# app\nexport SECRET_KEY=change-me\n\nDEBUG=\nSECRET_KEY=again\n');
    expect(requiredFromFile('require-from', '.env.example', dir)).toEqual([
      { name: 'SECRET_KEY', from: '.env.example' },
      { name: 'DEBUG', from: '.env.example' },
    ]);
  });

  it('reads the env keys of a manifest, not those it removes', () => {
    writeFileSync(
      join(dir, 'scalingo.json'),
      JSON.stringify({ env: { SECRET_KEY: { generator: 'secret' }, DEBUG: { value: null }, SITE: { value: 'x' } } }),
    );
    expect(requiredFromFile('require-from', 'scalingo.json', dir).map((r) => r.name)).toEqual(['SECRET_KEY', 'SITE']);
  });

  it.each([
    ['.env.bad', 'not a line\n', /\.env\.bad line 1: 'not a line' is not a variable name/],
    ['app.json', '{ nope', /app\.json is not valid JSON/],
    ['missing.env', null, /'missing\.env' does not exist/],
  ])('%s: an input error', (name, text, message) => {
    if (text !== null) writeFileSync(join(dir, name), text);
    expect(() => requiredFromFile('require-from', name, dir)).toThrow(message);
  });
});
