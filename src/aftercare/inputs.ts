// The GitHub chores' inputs, the same in deploy-production and release-notes (each reads Sentry's apart).
import type { Inputs } from '../shared/inputs.ts';
import { MILESTONE_MODES, type AftercareParams } from './params.ts';

export function readAftercareInputs(inputs: Inputs): Pick<AftercareParams, 'releasedComment' | 'milestone'> {
  return {
    releasedComment: inputs.boolean('released-comment', false),
    milestone: inputs.oneOf('milestone', MILESTONE_MODES, 'off'),
  };
}

export function wantsAftercare(params: AftercareParams): boolean {
  return params.releasedComment || params.milestone !== 'off' || params.sentry !== undefined;
}
