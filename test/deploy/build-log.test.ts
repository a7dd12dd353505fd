import { describe, expect, it } from 'vitest';
import { BuildLog, splitLines, stripAnsi } from '../../src/deploy/build-log.ts';

describe('BuildLog', () => {
  const make = () => {
    const printed: string[] = [];
    return { log: new BuildLog((line) => printed.push(line)), printed };
  };

  it.each([
    ['a\nb\n', ['a', 'b']],
    ['a\r\nb', ['a', 'b']],
    ['', []],
    ['\n', ['']],
  ])('splits %j into %j', (text, lines) => {
    expect(splitLines(text)).toEqual(lines);
  });

  it('strips colour codes from the tail only', () => {
    const { log, printed } = make();
    log.add('\u001b[1;32m-----> Build succeeded\u001b[0m\n');
    expect(printed).toEqual(['\u001b[1;32m-----> Build succeeded\u001b[0m']);
    expect(log.tail()).toEqual(['-----> Build succeeded']);
    expect(stripAnsi('\u001b[31mred\u001b[0m')).toBe('red');
  });

  it('keeps the last 50 lines', () => {
    const { log } = make();
    log.add(Array.from({ length: 120 }, (_, i) => `line ${i}`).join('\n'));
    expect(log.tail()).toHaveLength(50);
    expect(log.tail()[0]).toBe('line 70');
  });

  it('prints a line repeated after the replay ended', () => {
    const { log, printed } = make();
    log.add('x\ny\n');
    log.expectReplay();
    log.add('x\ny\nx\n');
    expect(printed).toEqual(['x', 'y', 'x']);
  });

  it('ends the replay at the first line that differs', () => {
    const { log, printed } = make();
    log.add('x\ny\n');
    log.expectReplay();
    log.add('x\nz\n');
    expect(printed).toEqual(['x', 'y', 'z']);
  });
});
