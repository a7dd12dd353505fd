import * as core from './runner.ts';
import { describeError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { InputReader } from './inputs.ts';
import { fenceWorkflowCommands } from './workflow-commands.ts';

/** The only bridge between domain code and the runner: entries build these and pass them down. */
export function actionsLogger(): Logger {
  const print = fenceWorkflowCommands((line) => core.info(line));
  return {
    debug: (m) => core.debug(m),
    // The runner reads commands line by line, so each line of a message is checked on its own.
    info: (m) => {
      for (const line of m.split('\n')) print(line);
    },
    warning: (m) => core.warning(m),
    error: (m) => core.error(m),
    group: (name, fn) => core.group(name, fn),
    mask: (secret) => {
      if (secret) core.setSecret(secret);
    },
  };
}

export const actionsInputReader: InputReader = (name) => core.getInput(name);

/** The single failure path of every action: any throw becomes one failed step with a clear message. */
export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    core.setFailed(describeError(error));
    if (error instanceof Error && error.stack && !(error.name === 'ConfigurationError')) core.debug(error.stack);
  }
}
