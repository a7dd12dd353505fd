import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/post-deploy/one-off-lines.ts';

function split(chunks: (string | Buffer)[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it.each([
    ['plain lines', ['a\nb\n'], ['a', 'b']],
    ['TTY line endings', ['a\r\nb\r\n'], ['a', 'b']],
    ['a line split across chunks', ['hel', 'lo\nwor', 'ld\n'], ['hello', 'world']],
    ['\\r\\n split between chunks', ['a\r', '\nb\r\n'], ['a', 'b']],
    ['a last line without newline', ['a\nlast'], ['a', 'last']],
    ['empty lines kept', ['a\n\n\nb\n'], ['a', '', '', 'b']],
    ['a bare \\r inside a line kept', ['10%\r20%\r\n'], ['10%\r20%']],
    ['leading spaces kept', ['  indented\n'], ['  indented']],
  ])('%s', (_name, chunks, expected) => {
    expect(split(chunks)).toEqual(expected);
  });

  it('keeps a multi-byte character split between chunks', () => {
    const bytes = Buffer.from('migré ✓\n', 'utf8');
    const at = bytes.indexOf(0xc3) + 1; // inside é
    expect(split([bytes.subarray(0, at), bytes.subarray(at)])).toEqual(['migré ✓']);
  });

  it('loses no line of 100,000 arriving in odd-sized chunks', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `line ${i + 1}\r\n`).join('');
    const bytes = Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let at = 0, size = 1; at < bytes.length; at += size, size = (size * 7 + 3) % 4093 || 1)
      chunks.push(bytes.subarray(at, at + size));
    const lines = split(chunks);
    expect(lines).toHaveLength(100_000);
    expect(lines.every((line, i) => line === `line ${i + 1}`)).toBe(true);
  });

  it('emits a line that never ends in pieces, losing nothing', () => {
    const long = 'x'.repeat(200_000);
    expect(split([long.slice(0, 70_000), long.slice(70_000), '\n']).join('')).toBe(long);
  });
});
