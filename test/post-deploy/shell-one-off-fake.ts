// A one-off API whose containers are real local shells: the command Scalingo would get (the shared
// container's wrapper) runs as `<shell> -c`, its output re-cut into chunks of any size and, like
// Scalingo's attach, with TTY line endings. For the one-container runner's unit tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import type { OneOffAttachment } from '../../src/scalingo/api.ts';
import { ScalingoOperationError } from '../../src/scalingo/errors.ts';
import type { Operation } from '../../src/scalingo/types.ts';
import type { OneOffApi } from '../../src/post-deploy/one-off.ts';

export interface ShellOptions {
  shell?: 'sh' | 'bash' | 'dash';
  /** Output handed on in pieces of this many bytes (1: every byte its own chunk). */
  chunkBytes?: number;
  /** `\n` → `\r\n`, as a TTY writes it (default true). */
  tty?: boolean;
  /** The socket drops by error after this many bytes of output; the process runs on. */
  cutAfterBytes?: number;
  operationError?: string;
  /** /wait answers 408 / this exit code whatever the process exited with / fails with this error. */
  inactivity?: boolean;
  waitExitCode?: number;
  waitError?: Error;
}

export class ShellOneOffApi implements OneOffApi {
  readonly calls: string[] = [];
  readonly commands: string[] = [];
  readonly #options: ShellOptions;
  readonly #processes = new Map<string, { child?: ChildProcess; exit: Promise<number>; done: (c: number) => void }>();

  constructor(options: ShellOptions = {}) {
    this.#options = options;
  }

  readonly oneOff: OneOffApi['oneOff'] = {
    run: async (_app, params) => {
      this.commands.push(params.command);
      const id = `ct-${this.commands.length}`;
      this.calls.push(`run ${id}`);
      let done!: (code: number) => void;
      const exit = new Promise<number>((resolve) => (done = resolve));
      this.#processes.set(id, { exit, done });
      return {
        container: { id, type: 'one-off', type_index: 1, label: `one-off-${this.commands.length}`, state: 'booting' },
        operationId: `op-${id}`,
      };
    },
    attach: async (url) => {
      const id = url.replace('fake://attach/', '');
      this.calls.push(`attach ${id}`);
      const entry = this.#processes.get(id)!;
      const command = this.commands[Number(id.replace('ct-', '')) - 1]!;
      const child = spawn(this.#options.shell ?? 'sh', ['-c', command], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir() },
      });
      entry.child = child;
      const output = new PassThrough();
      let settle!: (value: { cut: boolean; error?: Error }) => void;
      const closed = new Promise<{ cut: boolean; error?: Error }>((resolve) => (settle = resolve));
      let sent = 0;
      let cut = false;
      let lastCr = false;
      const forward = (raw: Buffer) => {
        if (cut) return;
        let bytes = raw;
        if (this.#options.tty !== false) {
          const out: number[] = [];
          for (const b of raw) {
            if (b === 0x0a && !lastCr) out.push(0x0d);
            out.push(b);
            lastCr = b === 0x0d;
          }
          bytes = Buffer.from(out);
        }
        const limit = this.#options.cutAfterBytes;
        if (limit !== undefined && sent + bytes.length >= limit) {
          bytes = bytes.subarray(0, limit - sent);
          cut = true;
        }
        sent += bytes.length;
        const size = this.#options.chunkBytes ?? bytes.length;
        for (let at = 0; at < bytes.length; at += size) output.write(bytes.subarray(at, at + size));
        if (cut) {
          output.end();
          settle({ cut: true, error: new Error('socket hang up') });
        }
      };
      child.stdout!.on('data', forward);
      child.stderr!.on('data', forward);
      child.on('close', (code, signal) => {
        entry.done(code ?? (signal ? 137 : -1));
        if (cut) return;
        output.end();
        settle({ cut: false });
      });
      const attachment: OneOffAttachment = {
        output,
        closed,
        endInput: () => child.stdin!.end(),
        close: () => {
          cut = true;
          output.end();
          settle({ cut: false });
        },
      };
      return attachment;
    },
    wait: async (url) => {
      const id = url.replace('fake://attach/', '');
      this.calls.push(`wait ${id}`);
      const code = await this.#processes.get(id)!.exit;
      if (this.#options.waitError) throw this.#options.waitError;
      if (this.#options.inactivity) return { killedForInactivity: true };
      return { exitCode: this.#options.waitExitCode ?? code };
    },
    stop: async (_app, id) => {
      this.calls.push(`stop ${id}`);
      this.#processes.get(id)?.child?.kill('SIGKILL');
    },
  };

  readonly operations: OneOffApi['operations'] = {
    get: async (app, id) => this.#operation(app, id),
    waitDone: async (app, id, options) => {
      options?.signal?.throwIfAborted();
      const operation = this.#operation(app, id);
      if (operation.status === 'error')
        throw new ScalingoOperationError(`Scalingo operation start-one-off on '${app}' failed: ${operation.error}.`);
      return operation;
    },
  };

  #operation(app: string, id: string): Operation {
    const containerId = id.replace(/^op-/, '');
    this.calls.push(`operation ${containerId}`);
    const error = this.#options.operationError;
    return {
      id,
      app_id: app,
      type: 'start-one-off',
      status: error ? 'error' : 'done',
      error: error ?? null,
      created_at: '2026-01-01T00:00:00Z',
      finished_at: '2026-01-01T00:00:01Z',
      ...(error
        ? {}
        : { start_one_off_data: { attach_url: `fake://attach/${containerId}`, container_id: containerId } }),
    };
  }
}
