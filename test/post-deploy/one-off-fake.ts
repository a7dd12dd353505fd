// A scripted stand-in for the one-off and operations resources: each command gets its output
// chunks, exit code or failure, and every call is recorded for the assertions.
import { PassThrough } from 'node:stream';
import type { OneOffAttachment } from '../../src/scalingo/api.ts';
import { ScalingoOperationError } from '../../src/scalingo/errors.ts';
import type { Operation } from '../../src/scalingo/types.ts';
import type { OneOffApi } from '../../src/post-deploy/one-off.ts';

export interface OneOffScript {
  output?: (string | Buffer)[];
  exitCode?: number;
  /** The start operation ends in `error` with this message. */
  operationError?: string;
  /** The socket drops by error after the output (the process itself ends normally). */
  cut?: boolean;
  /** /wait answers 408. */
  inactivity?: boolean;
  /** /wait fails with this error. */
  waitError?: Error;
  /** POST /run fails with this error. */
  runError?: Error;
  /** Never ends by itself: only stop() ends it. */
  hang?: boolean;
  /** /wait answers only after this long (the process outlives a cleanly closed stream). */
  waitDelayMs?: number;
}

interface Container {
  id: string;
  command: string;
  script: OneOffScript;
  stopped: () => void;
  stoppedPromise: Promise<void>;
}

export class FakeOneOffApi implements OneOffApi {
  readonly calls: string[] = [];
  /** Commands whose stdin the runner ended through the attachment. */
  readonly inputEnded: string[] = [];
  readonly runs: { app: string; command: string; env?: Record<string, string>; size?: string }[] = [];
  readonly #scripts: Record<string, OneOffScript>;
  readonly #containers = new Map<string, Container>();

  constructor(scripts: Record<string, OneOffScript> = {}) {
    this.#scripts = scripts;
  }

  #byUrl(url: string): Container {
    const container = this.#containers.get(url.replace('fake://attach/', ''));
    if (!container) throw new Error(`unknown attach URL ${url}`);
    return container;
  }

  readonly oneOff: OneOffApi['oneOff'] = {
    run: async (app, params) => {
      this.calls.push(`run ${params.command}`);
      this.runs.push({ app, ...params });
      const script = this.#scripts[params.command] ?? {};
      if (script.runError) throw script.runError;
      const id = `ct-${this.runs.length}`;
      let stopped!: () => void;
      const stoppedPromise = new Promise<void>((resolve) => (stopped = resolve));
      this.#containers.set(id, { id, command: params.command, script, stopped, stoppedPromise });
      return {
        container: {
          id,
          type: 'one-off',
          type_index: this.runs.length,
          label: `one-off-${this.runs.length}`,
          state: 'booting',
        },
        operationId: `op-${id}`,
      };
    },
    attach: async (url) => {
      const container = this.#byUrl(url);
      this.calls.push(`attach ${container.command}`);
      const output = new PassThrough();
      let settle!: (value: { cut: boolean; error?: Error }) => void;
      const closed = new Promise<{ cut: boolean; error?: Error }>((resolve) => (settle = resolve));
      const attachment: OneOffAttachment = {
        output,
        closed,
        endInput: () => this.inputEnded.push(container.command),
        close: () => {
          output.end();
          settle({ cut: false });
        },
      };
      setImmediate(() => {
        for (const chunk of container.script.output ?? []) output.write(chunk);
        if (container.script.hang) {
          void container.stoppedPromise.then(() => attachment.close());
          return;
        }
        output.end();
        settle(container.script.cut ? { cut: true, error: new Error('socket hang up') } : { cut: false });
      });
      return attachment;
    },
    wait: async (url) => {
      const container = this.#byUrl(url);
      this.calls.push(`wait ${container.command}`);
      const { script } = container;
      if (script.hang) {
        await container.stoppedPromise;
        return { exitCode: 137 };
      }
      if (script.waitDelayMs) await new Promise((resolve) => setTimeout(resolve, script.waitDelayMs));
      if (script.waitError) throw script.waitError;
      if (script.inactivity) return { killedForInactivity: true };
      return { exitCode: script.exitCode ?? 0 };
    },
    stop: async (_app, containerId) => {
      this.calls.push(`stop ${containerId}`);
      this.#containers.get(containerId)?.stopped();
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
    const container = this.#containers.get(containerId);
    this.calls.push(`operation ${container?.command}`);
    const error = container?.script.operationError;
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
