import { describe, expect, it } from 'vitest';
import { abortable, outlasts } from '../../src/shared/async.ts';

const never = new Promise<never>(() => {});

describe('abortable', () => {
  it('settles with the promise while the signal is quiet', async () => {
    await expect(abortable(Promise.resolve(4), new AbortController().signal)).resolves.toBe(4);
    await expect(abortable(Promise.reject(new Error('no')), new AbortController().signal)).rejects.toThrow('no');
  });

  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = abortable(never, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
  });

  it('observes a promise passed after the abort, so its later rejection is handled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    let fail!: (error: Error) => void;
    const late = new Promise<never>((_, reject) => (fail = reject));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    await expect(abortable(late, controller.signal)).rejects.toThrow('deadline');
    fail(new Error('late failure'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});

describe('outlasts', () => {
  it.each([
    ['a pending promise', () => never, true],
    ['a resolved promise', () => Promise.resolve(1), false],
    ['a rejected promise', () => Promise.reject(new Error('x')), false],
  ])('%s -> %s', async (_name, make, expected) => {
    await expect(outlasts(make(), 20)).resolves.toBe(expected);
  });
});
