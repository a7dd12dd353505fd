// One-off containers: the raw CONNECT attach that starts the command as a local `sh -c` in the
// release, pipes its stdout+stderr to the socket and the socket to its stdin.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SandboxCore } from './core.ts';
import { basicPassword } from './http.ts';
import type { JournalEntry } from './journal.ts';
import { containerEnv } from './release.ts';
import { appLogLine, type AppState, type OneOffState } from './state.ts';

const EOT = 0x04;

export function findOneOff(core: SandboxCore, containerId: string): { app: AppState; oneOff: OneOffState } | undefined {
  for (const app of core.apps.values()) {
    const oneOff = app.oneOffs.find((o) => o.containerId === containerId);
    if (oneOff) return { app, oneOff };
  }
  return undefined;
}

export function attachUrl(core: SandboxCore, containerId: string): string {
  return `${core.url}/v1/one-off/attach/${containerId}`;
}

/** Starts the one-off's process; output goes to `sink` when given (an attached socket). */
export function startProcess(core: SandboxCore, app: AppState, oneOff: OneOffState, sink?: Duplex): void {
  const cwd = app.releaseDir ?? core.tempDir('one-off');
  const child = core.spawnShell(
    oneOff.command,
    cwd,
    containerEnv(core, app, { CONTAINER: oneOff.label, CONTAINER_SIZE: oneOff.size, HOME: cwd, ...oneOff.env }),
  );
  oneOff.process = child;
  oneOff.state = 'running';
  let sent = 0;
  const cutAt = oneOff.scenario?.cutAfterBytes;
  const tty = core.options.oneOffTty ? ttyLineEndings() : (raw: Buffer) => raw;
  const forward = (raw: Buffer) => {
    oneOff.output += raw.toString('utf8');
    if (!sink || sink.destroyed) return;
    const chunk = tty(raw);
    if (cutAt !== undefined && sent + chunk.length >= cutAt) {
      sink.write(chunk.subarray(0, Math.max(0, cutAt - sent)));
      sent = cutAt;
      sink.destroy(); // cut: the process goes on, /wait still reports it
      return;
    }
    sent += chunk.length;
    sink.write(chunk);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  child.stdin?.on('error', () => {});
  if (sink) {
    sink.on('data', (chunk: Buffer) => {
      const eot = chunk.indexOf(EOT);
      if (eot >= 0) {
        child.stdin?.end(chunk.subarray(0, eot));
      } else if (child.stdin?.writable) child.stdin.write(chunk);
    });
    sink.on('end', () => child.stdin?.end());
  } else child.stdin?.end();
  const timer = setTimeout(() => core.killGroup(child), core.options.oneOffTimeoutMs);
  let done = false;
  const exit = (code: number) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    oneOff.exitCode = code;
    for (const line of oneOff.output.split(/\r?\n/).filter((l) => l !== '')) appLogLine(app, oneOff.label, line);
    oneOff.state = 'stopped';
    oneOff.resolveExit(code);
    if (sink && !sink.destroyed) sink.end();
  };
  child.on('error', () => exit(127));
  child.on('close', (code, signal) => exit(code ?? (signal ? 128 + signalNumber(signal) : -1)));
}

/** A TTY's output: every `\n` becomes `\r\n` (a `\r` ending the previous chunk counts). */
function ttyLineEndings(): (chunk: Buffer) => Buffer {
  let lastWasCr = false;
  return (chunk) => {
    const bytes: number[] = [];
    for (const byte of chunk) {
      if (byte === 0x0a && !lastWasCr) bytes.push(0x0d);
      bytes.push(byte);
      lastWasCr = byte === 0x0d;
    }
    return Buffer.from(bytes);
  };
}

function signalNumber(signal: NodeJS.Signals): number {
  return signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : signal === 'SIGINT' ? 2 : 1;
}

export function attachHandler(core: SandboxCore) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer, entry: JournalEntry): void => {
    const refuse = (status: number, reason: string, body: object) => {
      entry.status = status;
      const text = JSON.stringify(body);
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
      );
    };
    const m = /^\/v1\/one-off\/attach\/([^/]+)\/?$/.exec(entry.path);
    const found = m?.[1] ? findOneOff(core, m[1]) : undefined;
    if (!found) return refuse(404, 'Not Found', { resource: 'container', error: 'not found' });
    const token = basicPassword(req);
    const check = token ? core.jwt.verify(token) : null;
    if (!check?.ok || check.claims.addon_uuid !== undefined)
      return refuse(401, 'Unauthorized', { error: 'not authenticated' });
    const { app, oneOff } = found;
    if (oneOff.attached || oneOff.detached || oneOff.state !== 'booting')
      return refuse(409, 'Conflict', { error: 'already attached' });
    oneOff.attached = true;
    entry.status = 200;
    socket.write('HTTP/1.1 200 OK\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    startProcess(core, app, oneOff, socket);
  };
}
