// Why a connection failed, read one way everywhere: the most telling part of what fetch, a socket or
// a wrapping library threw (ECONNRESET, ENOTFOUND, a timeout), for messages and for retry decisions.

interface Thrown {
  name?: string;
  code?: unknown;
  message?: string;
  cause?: Thrown & { errors?: { code?: unknown }[] };
}

function code(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** ECONNRESET, ENOTFOUND, 'timed out'…: the reason, looked for through a chain of causes. */
export function networkReason(error: unknown): string {
  const e = error as Thrown | undefined;
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'timed out';
  return (
    code(e?.cause?.code) ??
    code(e?.cause?.errors?.[0]?.code) ??
    code(e?.cause?.cause?.code) ??
    code(e?.code) ??
    e?.cause?.message ??
    e?.message ??
    String(error)
  );
}

/** A failure to connect or to get an answer (reset, refused, timed out), as opposed to a bug. */
export function isNetworkFailure(error: unknown): boolean {
  if (error instanceof TypeError) return error.cause !== undefined || /fetch failed|terminated/.test(error.message);
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** 127.x.x.x, ::1 or localhost: a service on this machine (the sandboxes), never one across a network. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}
