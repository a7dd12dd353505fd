import { ConfigurationError } from '../shared/errors.ts';
import type { DeployPhase, DeployResult } from './result.ts';

/**
 * A deploy that did not end well, with what is known of it (deployment, status, log tail), so the
 * action can still set its outputs and write the summary before failing the step. `message` is
 * for the annotation (it ends with the log tail); `explanation` is the same without the tail.
 */
export class DeployFailedError extends ConfigurationError {
  readonly phase: DeployPhase;
  readonly result: DeployResult;
  readonly explanation: string;

  /** `tail`: the build log's end, for failures of the deployment itself (empty: the log could not be read). */
  constructor(phase: DeployPhase, explanation: string, result: DeployResult, tail?: readonly string[]) {
    super(withTail(explanation, tail));
    this.phase = phase;
    this.result = result;
    this.explanation = explanation;
  }
}

/** The error annotation carries the end of the build log: often the answer is right there. */
function withTail(message: string, tail: readonly string[] | undefined): string {
  if (tail === undefined) return message;
  if (tail.length === 0) return `${message}\n(The build log is empty or could not be read.)`;
  return `${message}\n\nLast ${tail.length} lines of the build log:\n${tail.join('\n')}`;
}
