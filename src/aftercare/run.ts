// The chores once the new version runs, in this order: the Sentry release (its times are the deploy's),
// the milestone, the released comments (the slow one: a paced write per pull request), then the
// Sentry watch, whose time runs from the end of the deploy. A chore that fails is a warning saying
// what is left to do by hand; only a watch over sentry-max-new-issues fails the step.
import { ConfigurationError } from '../shared/errors.ts';
import { formatDuration } from '../shared/duration.ts';
import { Cancelled } from '../shared/lifecycle.ts';
import { releaseName, releaseProblem } from '../sentry/release-name.ts';
import { SentryStepError, recordSentryRelease } from '../sentry/record.ts';
import { watchNewIssues } from '../sentry/watch.ts';
import { commentReleased } from './comments.ts';
import { closeReleaseMilestone } from './milestone.ts';
import { ChoreError, pacer, reason } from './pace.ts';
import type {
  AftercareDeps,
  AftercareParams,
  AftercareRelease,
  AftercareReport,
  AftercareRow,
  AftercareStepName,
} from './params.ts';

/** The names of the chores these params ask for, in the order they run. */
export function aftercareSteps(params: AftercareParams): AftercareStepName[] {
  return [
    ...(params.sentry ? (['sentry'] as const) : []),
    ...(params.milestone !== 'off' ? (['milestone'] as const) : []),
    ...(params.releasedComment ? (['released-comment'] as const) : []),
    ...(params.sentry?.watchMs ? (['sentry-watch'] as const) : []),
  ];
}

async function chore(
  report: AftercareReport,
  deps: AftercareDeps,
  name: AftercareStepName,
  body: () => Promise<Omit<AftercareRow, 'name' | 'durationMs'>>,
): Promise<void> {
  const started = Date.now();
  try {
    report.rows.push({ name, ...(await body()), durationMs: Date.now() - started });
  } catch (error) {
    if (error instanceof Cancelled || deps.signal?.aborted) throw error;
    const left = error instanceof ChoreError || error instanceof SentryStepError ? error.left : [];
    const message = reason(error);
    deps.logger.warning(
      `${message}${left.length > 0 ? ` Left to do by hand: ${left.join('; ')}` : ''} (the release itself is done).`,
      `After the release: ${name}`,
    );
    report.warnings.push({ name, message, left });
    report.rows.push({
      name,
      outcome: 'warning',
      detail: `${message} (warning only)`,
      durationMs: Date.now() - started,
    });
  }
}

export async function runAftercare(
  deps: AftercareDeps,
  params: AftercareParams,
  release: AftercareRelease,
): Promise<AftercareReport> {
  const report: AftercareReport = { rows: [], warnings: [] };
  const pace = pacer(deps.spacingMs, deps.signal);
  let pullRequests: Promise<number[]> | undefined;
  const prs = () =>
    (pullRequests ??= (deps.pullRequests ?? (async () => []))().catch((error: unknown) => {
      throw new ChoreError(`The release's pull requests could not be listed: ${reason(error)}`, [
        'Find them on the release page, or check out the repository with `fetch-depth: 0` so the history is readable.',
      ]);
    }));
  const sentry = params.sentry && deps.sentry ? { params: params.sentry, client: deps.sentry } : undefined;
  const name = sentry ? releaseName(sentry.params.release, release) : '';
  let projectIds: string[] | undefined;

  if (sentry) {
    await chore(report, deps, 'sentry', async () => {
      const problem = releaseProblem(name);
      if (problem) throw new ChoreError(`The Sentry release name '${name}' ${problem}.`, ['Change `sentry-release`.']);
      try {
        const recorded = await recordSentryRelease(sentry.client, deps.logger, {
          name,
          projects: sentry.params.projects,
          environment: sentry.params.environment,
          repository: release.repository,
          sha: release.sha,
          ...(release.previousSha ? { previousSha: release.previousSha } : {}),
          url: release.releaseUrl,
          deployName: release.app ? `${release.app} ${release.tag}` : release.tag,
          ...(release.runUrl ? { deployUrl: release.runUrl } : {}),
          startedAt: release.startedAt,
          finishedAt: release.liveSince,
        });
        projectIds = recorded.projectIds;
        report.sentryRelease = { name, url: recorded.releaseUrl };
        return {
          outcome: 'success',
          detail: `${name} ${recorded.created ? 'created' : 'already there'}, commits ${recorded.commits}, deploy to ${sentry.params.environment} recorded, finalized`,
        };
      } catch (error) {
        if (error instanceof SentryStepError && error.projectIds.length > 0) projectIds = error.projectIds;
        throw error;
      }
    });
  }

  if (params.milestone !== 'off') {
    const mode = params.milestone;
    await chore(report, deps, 'milestone', async () => {
      const done = await closeReleaseMilestone(
        deps.github,
        deps.logger,
        { mode, tag: release.tag, version: release.version, pullRequests: await prs() },
        pace,
      );
      if (done.notice) {
        if (deps.logger.notice) deps.logger.notice(done.notice);
        else deps.logger.info(done.notice);
        return { outcome: 'skipped', detail: done.notice };
      }
      const m = done.milestone!;
      return {
        outcome: 'success',
        detail: `${m.title}: ${done.created ? 'created, ' : ''}${done.assigned.length} pull request(s) put in it, ${done.wasClosed ? 'already closed' : 'closed'}`,
      };
    });
  }

  if (params.releasedComment) {
    await chore(report, deps, 'released-comment', async () => {
      const numbers = await prs();
      const done = await commentReleased(deps.github, deps.logger, release, numbers, pace);
      deps.logger.info(`Released comments: ${done.commented.length} posted, ${done.already.length} already there.`);
      return {
        outcome: 'success',
        detail:
          numbers.length === 0
            ? 'no pull request in this release'
            : `${done.commented.length} commented, ${done.already.length} already commented${done.missing.length > 0 ? `, ${done.missing.length} not found` : ''}`,
      };
    });
  }

  const watchMs = params.sentry?.watchMs;
  if (sentry && watchMs) {
    await chore(report, deps, 'sentry-watch', async () => {
      if (!projectIds) return { outcome: 'skipped', detail: 'not run: the Sentry release was not recorded' };
      const max = sentry.params.maxNewIssues;
      const ids = projectIds;
      const watch = await watchNewIssues(sentry.client, deps.logger, {
        release: name,
        projectIds: ids,
        durationMs: watchMs,
        since: release.liveSince.getTime(),
        ...(max === undefined ? {} : { maxNewIssues: max }),
        ...(deps.watchPollMs ? { pollMs: deps.watchPollMs } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
      }).catch((error: unknown) => {
        if (error instanceof Cancelled || deps.signal?.aborted) throw error;
        throw new ChoreError(`The Sentry watch could not count new issues: ${reason(error)}`, [
          `Look at the release's new issues in Sentry: ${sentry.client.issuesUrl(name, ids)}`,
        ]);
      });
      report.watch = watch;
      const seen = `${watch.count}${watch.exact ? '' : '+'} new issue(s) first seen in ${name}`;
      const within = watch.stoppedEarly ? 'before the end of the watch' : `within ${formatDuration(watchMs)}`;
      if (!watch.exceeded)
        return { outcome: 'success', detail: `${seen} ${within}${watch.stale ? ' (last count failed)' : ''}` };
      report.error = new ConfigurationError(
        `Sentry saw ${seen} ${within}, more than sentry-max-new-issues (${max}): ${watch.searchUrl} ` +
          `${release.app ?? 'The app'} still runs ${release.tag}: look at the issues, then fix forward or deploy the previous version again.`,
      );
      return { outcome: 'failure', detail: `${seen} ${within}: more than ${max}` };
    });
  }
  return report;
}
