// The only bridge between the actions and the runner (@actions/core). Entries build what this
// exports and pass it down; domain code sees a Logger, an InputReader and a RunLifecycle, never core.
import * as core from '@actions/core';
import { describeError, isUserError, ManualActionRequired } from '../shared/errors.ts';
import type { InputReader } from '../shared/inputs.ts';
import { Cancelled, type RunLifecycle } from '../shared/lifecycle.ts';
import type { Logger } from '../shared/logger.ts';
import { capMarkdown, codeFence, SUMMARY_LIMIT_BYTES } from '../shared/markdown.ts';
import { proxyFor } from '../shared/proxy.ts';
import { fenceWorkflowCommands } from '../shared/workflow-commands.ts';

/** Every line goes through the fence: untrusted text reaches the log only through `info`. */
export function actionsLogger(): Logger {
  const print = fenceWorkflowCommands((line) => core.info(line));
  return {
    debug: (m) => core.debug(m),
    info: (m) => print(m),
    warning: (m, title) => core.warning(m, title ? { title } : {}),
    notice: (m) => core.notice(m),
    error: (m, title) => core.error(m, title ? { title } : {}),
    group: (name, fn) => core.group(name, fn),
    mask: (secret) => {
      if (secret) core.setSecret(secret);
    },
  };
}

export const actionsInputReader: InputReader = (name) => core.getInput(name);

/** One output; every call names it literally, so the manifest test can check action.yml declares it. */
export function setOutput(name: string, value: string | number | boolean): void {
  core.setOutput(name, value);
}

/** What the main step kept for its `post:` step (empty when nothing, or in the main step). */
export function stepState(name: string): string {
  return core.getState(name);
}

export function keepState(name: string, value: string): void {
  core.saveState(name, value);
}

/** A notice annotation: shown on the run's page, for a step that did nothing on purpose. */
export function notice(message: string, title?: string): void {
  core.notice(message, title ? { title } : {});
}

let summaryBytes = 0;

/** Appends to the job summary, never past what the runner keeps (it drops a step summary over 1 MiB). */
export async function appendSummary(markdown: string): Promise<void> {
  const text = capMarkdown(markdown, SUMMARY_LIMIT_BYTES - summaryBytes);
  summaryBytes += Buffer.byteLength(text);
  await core.summary.addRaw(text, !text.endsWith('\n')).write();
}

const SECRET_INPUTS = ['api-token', 'github-token', 'sentry-auth-token'];

/** Tokens and proxy credentials are masked before anything else runs, so no later line can show them. */
function maskSecrets(): void {
  for (const name of SECRET_INPUTS) {
    const secret = core.getInput(name);
    if (secret) core.setSecret(secret);
  }
  for (const target of ['https://proxy.check.invalid', 'http://proxy.check.invalid']) {
    const proxy = proxyFor(target);
    if (proxy?.password) core.setSecret(decodeURIComponent(proxy.password));
  }
}

/** The lifecycle of this run: cancelled by SIGINT/SIGTERM (the runner's cancel), state kept for `post:`. */
function lifecycle(): { run: RunLifecycle; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) controller.abort(new Cancelled(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    run: { signal: controller.signal, remember: (name, value) => core.saveState(name, value) },
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** What `post:` finds of the main step: the state it kept, and whether it ended at all. */
export interface PostContext {
  state(name: string): string;
  logger: Logger;
}

/**
 * The single failure path of every action: any throw becomes one failed step with a clear message.
 * `main` runs as the action's main step; with `post`, the same bundle run again as its `post:` step
 * (action.yml: post-if: always()) cleans up what a cancelled or killed main step left.
 */
export async function runAction(
  action: string,
  main: (run: RunLifecycle) => Promise<void>,
  post?: (context: PostContext) => Promise<void>,
): Promise<void> {
  maskSecrets();
  if (post && core.getState('main-started') === 'true') {
    if (core.getState('main-finished') === 'true') return;
    try {
      await post({ state: (name) => core.getState(name), logger: actionsLogger() });
    } catch (error) {
      // Cleanup is best effort: it warns, it never fails the job a second time, unless what it could
      // not undo needs a person now (an app left in maintenance).
      if (error instanceof ManualActionRequired) core.setFailed(error.message);
      else core.warning(`Cleanup after the cancelled step failed: ${describeError(error)}`);
    }
    return;
  }
  if (post) core.saveState('main-started', 'true');
  const { run, dispose } = lifecycle();
  let cancelled = false;
  try {
    await main(run);
  } catch (error) {
    cancelled = error instanceof Cancelled || run.signal.aborted;
    const message = describeError(error);
    core.setFailed(message);
    // Every failed step leaves a summary, even one that stopped before writing its own.
    if (summaryBytes === 0) await appendSummary(`### ❌ ${action} failed\n\n${codeFence(message)}\n`).catch(() => {});
    // A bug's stack helps whoever reports it; a user error's would only be noise.
    if (!isUserError(error) && error instanceof Error && error.stack) core.debug(error.stack);
  } finally {
    dispose();
    // A cancelled step may not have finished its own cleanup before the runner killed it: `post:` redoes it.
    if (post && !cancelled) core.saveState('main-finished', 'true');
  }
}
