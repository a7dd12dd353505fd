// The raw CONNECT protocol, byte by byte: a plain TCP server plays the attach host.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { openAttach } from '../../src/scalingo/one-off-attach.ts';

let server: Server | undefined;

async function attachHost(onConnect: (socket: Socket, request: string) => void): Promise<string> {
  server = createServer((socket) => {
    let request = '';
    const onData = (chunk: Buffer): void => {
      request += chunk.toString('latin1');
      if (!request.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      onConnect(socket, request);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/one-off/attach/c-1`;
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('one-off attach', () => {
  it('writes CONNECT with Host and Basic ":JWT", and keeps output bytes that share a packet with the headers', async () => {
    let seen = '';
    const url = await attachHost((socket, request) => {
      seen = request;
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/vnd.scalingo.rawstream\r\n\r\nfirst line\r\n');
      setTimeout(() => socket.end('second line\r\n'), 20);
    });
    const attachment = await openAttach(url, 'jwt-123', 'ua-test');
    expect(await text(attachment.output)).toBe('first line\r\nsecond line\r\n');
    expect(await attachment.closed).toEqual({ cut: false });
    const lines = seen.split('\r\n');
    expect(lines[0]).toBe(`CONNECT ${url} HTTP/1.1`);
    expect(lines).toContain(`Host: ${new URL(url).host}`);
    expect(lines).toContain(`Authorization: Basic ${Buffer.from(':jwt-123').toString('base64')}`);
  });

  it('endInput() sends the single byte 0x04 (end of stdin) and nothing else; after close it is a no-op', async () => {
    const url = await attachHost((socket) => {
      socket.write('HTTP/1.1 200 OK\r\n\r\n');
      socket.once('data', (chunk: Buffer) => socket.end(`stdin got ${chunk.toString('hex')}`));
    });
    const attachment = await openAttach(url, 'jwt', 'ua');
    attachment.endInput();
    expect(await text(attachment.output)).toBe('stdin got 04');
    expect(await attachment.closed).toEqual({ cut: false });
    expect(() => attachment.endInput()).not.toThrow();
  });

  it('accepts 202 and a header block split across packets', async () => {
    const url = await attachHost((socket) => {
      socket.write('HTTP/1.1 202 Accepted\r\n');
      setTimeout(() => socket.write('X-A: b\r\n\r'), 10);
      setTimeout(() => socket.end('\nout'), 20);
    });
    const attachment = await openAttach(url, 'jwt', 'ua');
    expect(await text(attachment.output)).toBe('out');
  });

  it.each([
    [401, 'unauthorized', /the session token was refused/],
    [404, 'not-found', /the container is gone/],
    [500, 'server', /500/],
  ])('turns a %i answer into a typed error', async (status, kind, message) => {
    const url = await attachHost((socket) => socket.end(`HTTP/1.1 ${status} Nope\r\n\r\n`));
    const error = await openAttach(url, 'jwt', 'ua').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind, status });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('jwt');
  });

  it('reports a socket reset mid-stream as cut', async () => {
    const url = await attachHost((socket) => {
      socket.write('HTTP/1.1 200 OK\r\n\r\npartial');
      setTimeout(() => socket.resetAndDestroy(), 20);
    });
    const attachment = await openAttach(url, 'jwt', 'ua');
    const output = await text(attachment.output);
    const closed = await attachment.closed;
    expect(output).toBe('partial');
    expect(closed.cut).toBe(true);
    expect(closed.error).toBeInstanceOf(Error);
  });

  it('fails cleanly when the host closes before answering', async () => {
    const url = await attachHost((socket) => socket.end());
    await expect(openAttach(url, 'jwt', 'ua')).rejects.toMatchObject({
      kind: 'network',
      message: expect.stringMatching(/closed the connection before answering/),
    });
  });
});
