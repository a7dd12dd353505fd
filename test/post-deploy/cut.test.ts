import { describe, expect, it } from 'vitest';
import { verdictsAfterCut, type ContainerEnd } from '../../src/post-deploy/cut.ts';

const brief = (end: ContainerEnd, from: number, continueOnError = false) =>
  verdictsAfterCut(3, from, end, continueOnError).map((v) => [v.status, v.exitCode]);

describe('verdictsAfterCut', () => {
  it.each([
    ['the last command gets the container’s code', { exitCode: 5 }, 2, false, [['failed', 5]]],
    [
      'exit 0, stopping at failures: all from the cut on succeeded',
      { exitCode: 0 },
      1,
      false,
      [
        ['ok', 0],
        ['ok', 0],
      ],
    ],
    [
      'a failure, stopping at failures: unknown which',
      { exitCode: 4 },
      1,
      false,
      [
        ['cut', null],
        ['cut', null],
      ],
    ],
    [
      'continuing after failures: only the last is known',
      { exitCode: 0 },
      0,
      true,
      [
        ['cut', null],
        ['cut', null],
        ['ok', 0],
      ],
    ],
    [
      '408: stopped for inactivity, the rest never ran',
      { killedForInactivity: true },
      1,
      false,
      [
        ['killed-inactivity', null],
        ['skipped', null],
      ],
    ],
    [
      'no exit code at all',
      { unreadable: 'socket hang up' },
      1,
      false,
      [
        ['cut', null],
        ['cut', null],
      ],
    ],
  ] as const)('%s', (_what, end, from, continueOnError, expected) => {
    expect(brief(end, from, continueOnError)).toEqual(expected);
  });

  it('says why the code is unknown', () => {
    const [first] = verdictsAfterCut(2, 0, { exitCode: 4 }, false);
    expect(first!.message).toMatch(/container ended with exit code 4, so this command or one after it failed/);
  });
});
