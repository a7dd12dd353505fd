// The review app's data, once: on its first successful deploy, the `seed` commands (and with
// `database: copy-of-parent`, the parent's latest backup restored first). A variable marks it done,
// so a later push (or a rerun) never seeds twice, and a failed seed is tried again on the next push.
import type { PostDeployParams } from '../deploy/deploy.ts';
import { describePostDeployFailure, describeResult, runPostDeploy } from '../post-deploy/run-commands.ts';
import type { ScalingoApi } from '../scalingo/api.ts';
import type { Variable } from '../scalingo/types.ts';
import { ConfigurationError } from '../shared/errors.ts';
import type { RunLifecycle } from '../shared/lifecycle.ts';
import type { Logger } from '../shared/logger.ts';
import { restoreCommand } from './copy-database.ts';
import type { DatabaseMode } from './params.ts';

export const SEEDED_VARIABLE = 'REVIEW_APP_SEEDED';

export interface SeedDeps {
  scalingo: ScalingoApi;
  logger: Logger;
  lifecycle?: RunLifecycle;
}

/** Returns the result lines for the comment and summary; throws when a command failed. */
export async function seedOnce(
  deps: SeedDeps,
  params: {
    app: string;
    parent: string;
    sha: string;
    seed: PostDeployParams | undefined;
    database: DatabaseMode;
    /** The review app's variables, when this run read them already. */
    variables?: Variable[];
  },
): Promise<string[]> {
  const commands = params.seed?.commands ?? [];
  if (commands.length === 0 && params.database === 'fresh') return [];
  // What this run read before its deploy, and if that says "not yet", a fresh look: another run for
  // the same pull request may have seeded it meanwhile.
  const seededIn = (variables: Variable[]) => variables.find((v) => v.name === SEEDED_VARIABLE);
  const seeded =
    (params.variables && seededIn(params.variables)) ?? seededIn(await deps.scalingo.variables.list(params.app));
  if (seeded) return [`Seeded already (at ${seeded.value.slice(0, 7)}): not run again.`];

  const restore = params.database === 'copy-of-parent' ? await restoreCommand(deps, params) : undefined;
  const outcome = await runPostDeploy({
    scalingo: deps.scalingo,
    app: params.app,
    logger: deps.logger,
    commands: [...(restore ? [restore.command] : []), ...commands],
    size: params.seed?.size ?? 'M',
    env: { ...(params.seed?.env ?? {}), ...(restore?.env ?? {}) },
    ...(params.seed?.timeoutMs ? { timeoutMs: params.seed.timeoutMs } : {}),
    ...(deps.lifecycle ? { lifecycle: deps.lifecycle } : {}),
  });
  const lines = outcome.results.map((r, i) =>
    i === 0 && restore
      ? `Restore of ${restore.label}: ${r.status === 'ok' ? 'done' : describeResult(r)}`
      : describeResult(r),
  );
  const failure = describePostDeployFailure(outcome);
  if (failure)
    throw Object.assign(new ConfigurationError(`The review app is deployed, but seeding it failed. ${failure}`), {
      lines,
    });
  await deps.scalingo.variables.upsert(params.app, [{ name: SEEDED_VARIABLE, value: params.sha }]);
  return lines;
}
