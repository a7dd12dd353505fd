// The raw CONNECT attach of a one-off: after the response headers, the socket is a plain byte
// pipe carrying the container's TTY (not HTTP chunks, not WebSocket).
import net from 'node:net';
import { PassThrough } from 'node:stream';
import type { OneOffAttachment } from './api.ts';
import { ScalingoApiError } from './errors.ts';
import { connectTo, ProxyError } from '../shared/proxy.ts';
import { basicAuth } from './tokens.ts';

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 64 * 1024;
const CONNECT_TIMEOUT_MS = 30_000;
const EOT = Buffer.from([0x04]);

function attachError(message: string, status = 0, cause?: unknown): ScalingoApiError {
  const kind =
    status === 401
      ? 'unauthorized'
      : status === 404
        ? 'not-found'
        : status === 0
          ? 'network'
          : status >= 500
            ? 'server'
            : 'unexpected';
  return new ScalingoApiError({ kind, status, message, cause });
}

export async function openAttach(attachUrl: string, jwt: string, userAgent: string): Promise<OneOffAttachment> {
  const url = new URL(attachUrl);
  let socket: net.Socket;
  try {
    // Through the proxy's CONNECT tunnel when one applies, then Scalingo's own CONNECT inside it.
    socket = await connectTo(url, CONNECT_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof ProxyError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw attachError(`Could not attach to the one-off container at ${url.host} (${reason}).`, 0, error);
  }
  socket.setTimeout(CONNECT_TIMEOUT_MS);

  return new Promise((resolve, reject) => {
    let header = Buffer.alloc(0);
    const fail = (error: ScalingoApiError): void => {
      socket.destroy();
      reject(error);
    };
    const onTimeout = (): void => fail(attachError(`Timed out attaching to the one-off container at ${url.host}.`));
    const onEarlyError = (error: Error): void =>
      fail(
        attachError(
          `Could not attach to the one-off container at ${url.host} (${(error as NodeJS.ErrnoException).code ?? error.message}).`,
          0,
          error,
        ),
      );
    const onEarlyClose = (): void =>
      fail(attachError(`The one-off attach host ${url.host} closed the connection before answering.`));

    const onData = (chunk: Buffer): void => {
      header = Buffer.concat([header, chunk]);
      const end = header.indexOf(HEADER_END);
      if (end < 0) {
        if (header.length > MAX_HEADER_BYTES) fail(attachError('The one-off attach answer has no end of headers.'));
        return;
      }
      const statusLine = header.subarray(0, header.indexOf('\r\n')).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      if (status !== 200 && status !== 202) {
        const why =
          status === 401
            ? 'the session token was refused'
            : status === 404
              ? 'the container is gone'
              : statusLine || 'no status line';
        fail(attachError(`Scalingo refused to attach to the one-off container (${status}: ${why}).`, status));
        return;
      }
      socket.off('data', onData);
      socket.off('error', onEarlyError);
      socket.off('close', onEarlyClose);
      socket.off('timeout', onTimeout);
      socket.setTimeout(0);
      resolve(pipeAttachment(socket, header.subarray(end + HEADER_END.length)));
    };

    socket.on('data', onData);
    socket.on('error', onEarlyError);
    socket.on('close', onEarlyClose);
    socket.on('timeout', onTimeout);
    socket.write(
      `CONNECT ${attachUrl} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${basicAuth(jwt)}\r\nUser-Agent: ${userAgent}\r\n\r\n`,
    );
  });
}

function pipeAttachment(socket: net.Socket, firstBytes: Buffer): OneOffAttachment {
  const output = new PassThrough();
  // Bytes that came in the same packet as the headers belong to the command's output.
  if (firstBytes.length > 0) output.write(firstBytes);
  let failure: Error | undefined;
  socket.on('error', (error) => {
    failure = error;
  });
  const closed = new Promise<{ cut: boolean; error?: Error }>((resolve) => {
    socket.on('close', (hadError) => {
      output.end();
      resolve(hadError || failure ? { cut: true, ...(failure ? { error: failure } : {}) } : { cut: false });
    });
  });
  socket.pipe(output, { end: false });
  const endInput = (): void => {
    // The attach socket is a raw TTY: 0x04 (EOT) is how its stdin ends, not a half-close.
    if (socket.writable && !socket.destroyed) socket.write(EOT);
  };
  return { output, closed, endInput, close: () => socket.destroy() };
}
