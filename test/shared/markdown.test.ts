import { describe, expect, it } from 'vitest';
import { fencedLines } from '../helpers/markdown.ts';
import {
  capLine,
  capMarkdown,
  codeCell,
  codeFence,
  codeSpan,
  escapeHtml,
  tableCell,
} from '../../src/shared/markdown.ts';

describe('codeFence', () => {
  it.each([
    ['plain', '```text'],
    ['a ``` inside', '````text'],
    ['a ````` inside', '``````text'],
    ['`one`', '```text'],
  ])('%j opens with %s and nothing inside can close it', (text, opening) => {
    const block = codeFence(`${text}\n\`\`\`\n\`\`\`\``);
    expect(block.split('\n')[0]!.startsWith(opening.replace('text', ''))).toBe(true);
    const lines = block.split('\n');
    expect(fencedLines(block).size).toBe(lines.length - 2);
  });
});

describe('codeSpan and codeCell', () => {
  it.each([
    ['rake db:migrate', '`rake db:migrate`'],
    ['echo `date`', '`` echo `date` ``'],
    ['`x`', '`` `x` ``'],
    ['a\nb', '`a b`'],
  ])('codeSpan(%j) = %s', (text, span) => {
    expect(codeSpan(text)).toBe(span);
  });

  it('escapes pipes in a table cell, even in code', () => {
    expect(codeCell('grep a | wc -l')).toBe('`grep a \\| wc -l`');
  });
});

describe('tableCell and escapeHtml', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['line\nnext', 'line next'],
    ['<img src=x>', '&lt;img src=x&gt;'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
  ])('tableCell(%j) = %j', (text, cell) => {
    expect(tableCell(text)).toBe(cell);
  });

  it('escapeHtml keeps the text and drops the markup', () => {
    expect(escapeHtml('</details>')).toBe('&lt;/details&gt;');
  });
});

describe('capLine and capMarkdown', () => {
  it.each([
    [10, 10, false],
    [1000, 1000, false],
    [1001, 1000, true],
    [1_500_000, 1000, true],
  ])('a %d-character line keeps %d characters (cut: %s)', (length, kept, cut) => {
    const line = capLine('x'.repeat(length));
    expect(line.startsWith('x'.repeat(kept))).toBe(true);
    expect(line.includes('characters cut')).toBe(cut);
  });

  it('cuts markdown at a line under the limit, with a note, and leaves short text alone', () => {
    const long = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'é'.repeat(50)}`).join('\n');
    const cut = capMarkdown(long, 10_000);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(10_000);
    expect(cut).toMatch(/cut to stay under the runner’s 1 MiB limit/);
    expect(cut).not.toContain('\uFFFD');
    expect(capMarkdown('short', 10_000)).toBe('short');
  });
});
