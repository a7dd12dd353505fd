import { ConfigurationError } from '../shared/errors.ts';
import type { DeployResult } from './deploy.ts';

/** Where a deploy failed: Scalingo's verdict, our timeout, or a step after a successful deployment. */
export type DeployPhase = 'deployment' | 'timeout' | 'post-deploy' | 'health-check';

/**
 * A deploy that did not end well, with what is known of it (deployment, status, log tail), so the
 * action can still set its outputs and write the summary before failing the step.
 */
export class DeployFailedError extends ConfigurationError {
  readonly phase: DeployPhase;
  readonly result: DeployResult;

  constructor(phase: DeployPhase, message: string, result: DeployResult) {
    super(message);
    this.phase = phase;
    this.result = result;
  }
}
