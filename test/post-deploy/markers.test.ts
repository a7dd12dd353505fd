import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MarkerParser, type MarkerEvent } from '../../src/post-deploy/markers.ts';
import { shellQuote, wrapperScript } from '../../src/post-deploy/wrapper.ts';

const NONCE = '0123456789abcdef0123456789abcdef';
const start = (i: number) => `[scalingo-actions ${NONCE} start ${i}]\r\n`;
const end = (i: number, code: number) => `[scalingo-actions ${NONCE} end ${i} ${code}]\r\n`;

function parse(chunks: (string | Buffer)[]): MarkerEvent[] {
  const events: MarkerEvent[] = [];
  const parser = new MarkerParser(NONCE, (e) => events.push(e));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

const line = (text: string): MarkerEvent => ({ kind: 'line', line: text });

describe('MarkerParser', () => {
  const stream = `${start(1)}one\r\ntwo${end(1, 0)}${start(2)}é ünï\r\n\r\n${end(2, 3)}`;
  const expected: MarkerEvent[] = [
    { kind: 'start', index: 1 },
    line('one'),
    line('two'),
    { kind: 'end', index: 1, exitCode: 0 },
    { kind: 'start', index: 2 },
    line('é ünï'),
    line(''),
    { kind: 'end', index: 2, exitCode: 3 },
  ];

  it('takes the markers out and ends the line a marker follows', () => {
    expect(parse([stream])).toEqual(expected);
  });

  it('gives the same events whatever byte the stream is cut at (markers and UTF-8 characters split too)', () => {
    const bytes = Buffer.from(stream);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parse([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    }
    expect(parse([...bytes].map((b) => Buffer.from([b])))).toEqual(expected);
  });

  it.each([
    ['plain \\n line endings', `${start(1)}a\n${end(1, 0)}`.replaceAll('\r\n', '\n')],
    ['\\r\\n line endings', `${start(1)}a\r\n${end(1, 0)}`],
  ])('drops the marker’s own line ending, with %s', (_what, text) => {
    expect(parse([text])).toEqual([{ kind: 'start', index: 1 }, line('a'), { kind: 'end', index: 1, exitCode: 0 }]);
  });

  it.each([
    ['another nonce', `[scalingo-actions ${'f'.repeat(32)} end 1 0]`],
    ['the nonce one digit off', `[scalingo-actions ${NONCE.slice(0, -1)}0 end 1 0]`],
    ['the prefix with fields the wrapper never writes', `[scalingo-actions ${NONCE} end 1 zero]`],
    ['the prefix and no end', `[scalingo-actions ${NONCE} end 1 0 and on and on and on and on and on`],
  ])('keeps %s as output', (_what, text) => {
    expect(parse([start(1), `${text}\r\n`, end(1, 0)])).toEqual([
      { kind: 'start', index: 1 },
      line(text),
      { kind: 'end', index: 1, exitCode: 0 },
    ]);
  });

  it('gives back a marker cut in half by the end of the stream as output', () => {
    expect(parse([start(1), 'last', `[scalingo-actions ${NONCE} en`])).toEqual([
      { kind: 'start', index: 1 },
      line(`last[scalingo-actions ${NONCE} en`),
    ]);
  });
});

describe('wrapperScript', () => {
  it.each([
    ['plain', 'echo hi'],
    ['single quotes', "it's 'quoted'"],
    ['only a quote', "'"],
    ['backslashes and dollars', '\\$HOME \\\\ $(date) `id`'],
    ['newline', 'a\nb'],
    ['empty', ''],
  ])('shellQuote keeps %s as one word, unexpanded', (_what, text) => {
    expect(execFileSync('sh', ['-c', `printf '%s' ${shellQuote(text)}`]).toString()).toBe(text);
  });

  it('never writes the nonce in one piece, so printing the wrapper prints no marker', () => {
    const script = wrapperScript(['echo a', 'echo b'], NONCE, { continueOnError: false });
    expect(script).not.toContain(NONCE);
    expect(script).not.toContain('\n');
    const out = execFileSync('sh', ['-c', script]).toString();
    expect(out).toBe(`${start(1)}a\n${end(1, 0)}${start(2)}b\n${end(2, 0)}`.replaceAll('\r\n', '\n'));
  });

  it.each([
    [
      false,
      ['exit 3', 'echo b'],
      3,
      [
        { kind: 'start', index: 1 },
        { kind: 'end', index: 1, exitCode: 3 },
      ],
    ],
    [
      true,
      ['exit 3', 'echo b'],
      0,
      [
        { kind: 'start', index: 1 },
        { kind: 'end', index: 1, exitCode: 3 },
        { kind: 'start', index: 2 },
        line('b'),
        { kind: 'end', index: 2, exitCode: 0 },
      ],
    ],
  ])('continueOnError %s: exits with the last code run', (continueOnError, commands, code, events) => {
    const script = wrapperScript(commands, NONCE, { continueOnError });
    let status = 0;
    let out = '';
    try {
      out = execFileSync('sh', ['-c', script]).toString();
    } catch (error) {
      status = (error as { status: number }).status;
      out = (error as { stdout: Buffer }).stdout.toString();
    }
    expect(status).toBe(code);
    expect(parse([out])).toEqual(events);
  });
});
