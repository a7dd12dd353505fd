// Promise helpers of the one-off life cycle: stop waiting at the deadline, notice a slow answer.

/**
 * Settles with the promise, or rejects with the signal's reason as soon as it aborts. The promise
 * runs on and is always observed, so its later rejection is never an unhandled one.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** True when the promise is still pending after ms (it is observed, so a later rejection is handled). */
export function outlasts(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    const settled = () => {
      clearTimeout(timer);
      resolve(false);
    };
    promise.then(settled, settled);
  });
}
