// How long a deploy may take and how its health is checked: the inputs every action that deploys
// reads (deploy, deploy-production, review-app), in a file of their own so an action reaching them
// reaches no other deploy input.
import { inputError } from '../shared/errors.ts';
import type { Inputs } from '../shared/inputs.ts';

export interface HealthCheckInput {
  target: string;
  timeoutMs: number;
}

export function readTimeout(inputs: Inputs): number {
  return inputs.duration('timeout', '30m');
}

/** A path on the app or a full URL; the timeout is validated even when no check is set. */
export function readHealthCheck(inputs: Inputs): HealthCheckInput | undefined {
  const target = inputs.optional('health-check');
  const timeoutMs = inputs.duration('health-check-timeout', '2m', { minMs: 1000, maxMs: 3_600_000 });
  if (target === undefined) return undefined;
  if (/^https?:\/\//i.test(target)) {
    inputs.url('health-check');
  } else if (!target.startsWith('/') || /\s/.test(target)) {
    throw inputError(
      'health-check',
      `'${target}' is neither a path nor a URL`,
      'Give a path on the app such as /healthz, or a full https:// URL.',
    );
  }
  return { target, timeoutMs };
}
