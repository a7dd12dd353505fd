import * as core from './runner.ts';
import { describeError, isUserError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { InputReader } from './inputs.ts';
import { capMarkdown, SUMMARY_LIMIT_BYTES } from './markdown.ts';
import { fenceWorkflowCommands } from './workflow-commands.ts';

/** The only bridge between domain code and the runner: entries build these and pass them down. */
export function actionsLogger(): Logger {
  const print = fenceWorkflowCommands((line) => core.info(line));
  return {
    debug: (m) => core.debug(m),
    // The runner reads commands line by line: print() checks each line it will see on its own.
    info: (m) => print(m),
    warning: (m) => core.warning(m),
    error: (m) => core.error(m),
    group: (name, fn) => core.group(name, fn),
    mask: (secret) => {
      if (secret) core.setSecret(secret);
    },
  };
}

let summaryBytes = 0;

/** Appends to the job summary, never past what the runner keeps (it drops a step summary over 1 MiB). */
export function appendSummary(markdown: string): void {
  const text = capMarkdown(markdown, SUMMARY_LIMIT_BYTES - summaryBytes);
  summaryBytes += Buffer.byteLength(text);
  core.appendSummary(text);
}

export const actionsInputReader: InputReader = (name) => core.getInput(name);

const SECRET_INPUTS = ['api-token', 'github-token'];

/** The single failure path of every action: any throw becomes one failed step with a clear message. */
export async function runAction(body: () => Promise<void>): Promise<void> {
  // Tokens are masked before anything else runs, so no later line (even an error) can show them.
  for (const secret of SECRET_INPUTS) core.setSecret(core.getInput(secret));
  try {
    await body();
  } catch (error) {
    core.setFailed(describeError(error));
    // A bug's stack helps whoever reports it; a user error's would only be noise.
    if (!isUserError(error) && error instanceof Error && error.stack) core.debug(error.stack);
  }
}
