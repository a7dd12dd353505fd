// The root action's inputs: which app each event goes to, and the review-app inputs under their
// `review-` names. Checked here under the names the user wrote, before any path runs; the rest
// (token, timeouts, post-deploy, …) pass through to the action a path stands for.
import type { FlowSettings } from '../../flow/plan.ts';
import { parseAddonSpecs } from '../../review-app/addons.ts';
import type { Inputs } from '../../shared/inputs.ts';
import { validateAppName } from '../../shared/scalingo-connection.ts';
import { readEnv, readUnset } from '../review-app/inputs.ts';

const app = (input: string, value: string | undefined) =>
  value === undefined ? undefined : validateAppName(input, value);

export function readFlowSettings(inputs: Inputs): FlowSettings {
  const stagingApp = app('staging-app', inputs.optional('staging-app'));
  const productionApp = app('production-app', inputs.optional('production-app'));
  const reviewParentApp = app('review-parent-app', inputs.optional('review-parent-app'));
  parseAddonSpecs('review-addons', inputs.lines('review-addons'));
  readUnset(
    'review-unset-env',
    inputs.lines('review-unset-env'),
    readEnv('review-env', inputs.lines('review-env')),
    'review-env',
  );
  inputs.oneOf('review-database', ['fresh', 'copy-of-parent'] as const, 'fresh');
  // Under review-app's own names, as that action reads them; unset ones keep its defaults.
  const given = {
    addons: inputs.raw('review-addons'),
    env: inputs.raw('review-env'),
    'unset-env': inputs.raw('review-unset-env'),
    seed: inputs.raw('review-seed'),
    database: inputs.raw('review-database'),
  };
  const review = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== ''));
  return {
    stagingApp,
    stagingBranch: inputs.optional('staging-branch'),
    productionApp,
    tagPattern: inputs.optional('tag-pattern'),
    allowPrerelease: inputs.boolean('allow-prerelease', false),
    reviewParentApp,
    review,
  };
}
