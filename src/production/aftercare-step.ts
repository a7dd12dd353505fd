// The chores after a release (src/aftercare/), once production runs the tag: Sentry, milestone,
// released comments, the Sentry watch. Each is a row of the release's steps; a failure there is a
// warning, never a failed release, except a watch over sentry-max-new-issues.
import type { AftercareRelease } from '../aftercare/params.ts';
import { aftercareSteps, runAftercare } from '../aftercare/run.ts';
import type { ProductionDeps, ProductionParams } from './params.ts';
import type { ProductionReport } from './steps.ts';

const FULL_SHA = /^[0-9a-f]{40}$/i;

/** Production runs the tag: nothing failed, or only publishing the release page did. */
function live(report: ProductionReport): boolean {
  if (report.deploy === undefined || report.rolledBack) return false;
  return report.error === undefined || report.steps.some((s) => s.name === 'release' && s.outcome === 'failure');
}

function releaseOf(deps: ProductionDeps, params: ProductionParams, report: ProductionReport): AftercareRelease {
  const { context } = deps;
  const deployment = report.deploy!.deployment;
  const finished = Date.parse(deployment.finished_at ?? '') || Date.now();
  const started = Date.parse(deployment.created_at) || finished - report.deploy!.durationMs;
  const previous = [report.previous?.gitRef, deployment.previous_git_ref].find((ref) => ref && FULL_SHA.test(ref));
  const tagPage = `${context.serverUrl}/${context.owner}/${context.repo}/releases/tag/${encodeURIComponent(params.tag)}`;
  return {
    tag: params.tag,
    version: params.version.version,
    sha: report.sha ?? report.deploy!.sha,
    ...(previous ? { previousSha: previous } : {}),
    releaseUrl: report.release?.htmlUrl ?? tagPage,
    repository: `${context.owner}/${context.repo}`,
    app: params.app,
    ...(report.appUrl ? { appUrl: report.appUrl } : {}),
    runUrl: report.runUrl,
    startedAt: new Date(started),
    liveSince: new Date(finished),
  };
}

export async function aftercareStep(
  deps: ProductionDeps,
  params: ProductionParams,
  report: ProductionReport,
): Promise<void> {
  const care = params.aftercare;
  if (!care || !deps.aftercare) return;
  const names = aftercareSteps(care);
  if (names.length === 0) return;
  if (!live(report)) {
    const detail = `not run: production does not run ${params.tag}`;
    for (const name of names) report.steps.push({ name, outcome: 'skipped', detail, durationMs: null });
    return;
  }
  try {
    const done = await runAftercare(
      { ...deps.aftercare, logger: deps.logger, ...(deps.lifecycle ? { signal: deps.lifecycle.signal } : {}) },
      care,
      releaseOf(deps, params, report),
    );
    report.aftercare = done;
    report.steps.push(...done.rows);
    if (done.error && report.error === undefined) report.error = done.error;
  } catch (error) {
    // Only a cancelled job gets here: the chores turn every other failure into a warning.
    report.error ??= error;
  }
}
