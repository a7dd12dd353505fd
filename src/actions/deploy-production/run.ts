import { cleanUpAfterCancel } from '../../deploy/cancel.ts';
import { MAINTENANCE_STATE } from '../../production/maintenance.ts';
import { liftAfterCancel } from '../../production/maintenance-step.ts';
import { releaseToProduction } from '../../production/orchestrate.ts';
import { destructiveWarning } from '../../post-deploy/forbid.ts';
import type { ProductionReport } from '../../production/steps.ts';
import { renderSummary } from '../../production/summary.ts';
import { renderAftercareSummary } from '../../aftercare/summary.ts';
import { generateReleaseNotes, pullRequestNumbers, type ReleaseNotes } from '../../release-notes/index.ts';
import { LocalGit } from '../../release-notes/local-git.ts';
import { contextFromEnv } from '../../shared/context.ts';
import { Inputs, type InputReader } from '../../shared/inputs.ts';
import { githubClient, scalingoClient, secondMsFor, sentryClient } from '../clients.ts';
import { actionsInputReader, actionsLogger, appendSummary, runAction, setOutput } from '../runtime.ts';
import { readDeployProductionInputs } from './inputs.ts';

function setOutputs(report: ProductionReport): void {
  const deployed = report.deploy;
  setOutput('version', report.version.version);
  setOutput('previous-version', report.previous?.version?.version ?? '');
  setOutput('backup-id', (report.backup?.backups ?? []).map((b) => b.backupId).join(','));
  setOutput('release-url', report.release?.htmlUrl ?? '');
  setOutput('rolled-back', String(report.rolledBack));
  setOutput('deployment-id', deployed?.deployment.id ?? '');
  setOutput('status', deployed?.status ?? '');
  setOutput('app-url', deployed?.appUrl ?? '');
  setOutput('git-ref', deployed?.gitRef ?? '');
  setOutput('duration', deployed ? String(Math.round(deployed.durationMs / 1000)) : '');
  setOutput('sentry-release', report.aftercare?.sentryRelease?.name ?? '');
  setOutput('sentry-new-issues', report.aftercare?.watch ? String(report.aftercare.watch.count) : '');
}

/** `reader`: where inputs come from (the root action passes its own, renaming some). */
export async function run(
  env: NodeJS.ProcessEnv = process.env,
  reader: InputReader = actionsInputReader,
): Promise<void> {
  const context = contextFromEnv(env);
  const read = () => readDeployProductionInputs(new Inputs(reader), env, context);
  await runAction(
    'deploy-production',
    async (lifecycle) => {
      const logger = actionsLogger();
      const { scalingo: settings, githubToken, release, now, aftercareNote } = read();
      if (release.notifyWebhook) logger.mask(release.notifyWebhook);
      if (release.aftercare?.sentry) logger.mask(release.aftercare.sentry.token);
      if (release.destructive) logger.warning(destructiveWarning(release.destructive), 'Destructive commands allowed');
      if (aftercareNote) logger.info(aftercareNote);
      const github = githubClient(githubToken, context, logger, release.timeoutMs);
      const scalingo = scalingoClient(settings, logger);
      // Generated once: the release page and the chores after it need the same notes.
      let notes: Promise<ReleaseNotes> | undefined;
      const notesFor = (tag: string) =>
        (notes ??= (async () => {
          const git = await LocalGit.open(context.workspace);
          const head = await github.resolveCommit(tag);
          return generateReleaseNotes({
            github,
            logger,
            repoUrl: `${context.serverUrl}/${context.owner}/${context.repo}`,
            tag,
            head,
            tagPrefix: release.pattern.prefix,
            ...(git ? { git } : {}),
          });
        })());
      const generateNotes = async (tag: string) => (await notesFor(tag)).body;
      const sentry = release.aftercare?.sentry;
      const aftercare = {
        github,
        ...(sentry ? { sentry: sentryClient(sentry, logger, lifecycle.signal) } : {}),
        pullRequests: async () => pullRequestNumbers(await notesFor(release.tag)),
        spacingMs: secondMsFor(context.apiUrl),
        ...(sentry ? { watchPollMs: 60 * secondMsFor(sentry.baseUrl) } : {}),
      };
      const report = await releaseToProduction(
        { scalingo, github, logger, context, generateNotes, lifecycle, aftercare, ...(now ? { now } : {}) },
        release,
      );
      setOutputs(report);
      await appendSummary(renderSummary(report) + renderAftercareSummary(report.aftercare));
      if (report.error !== undefined) throw report.error;
    },
    async ({ state, logger }) => {
      const { scalingo: settings, githubToken, release } = read();
      const scalingo = scalingoClient(settings, logger);
      // Maintenance first: an app left in maintenance matters more than a GitHub status.
      let stuck: unknown;
      const lifted = await liftAfterCancel(
        { scalingo, logger },
        state(MAINTENANCE_STATE),
        release.maintenance?.timeoutMs ?? 5 * 60_000,
      ).catch((error: unknown) => {
        stuck = error;
        return [(error as Error).message];
      });
      const done = await cleanUpAfterCancel(
        { github: githubClient(githubToken, context, logger), scalingo, logger },
        state,
      ).catch((error: unknown) => {
        if (stuck === undefined) throw error;
        return [`Cleanup of the GitHub deployment failed too: ${(error as Error).message}`];
      });
      const all = [...lifted, ...done];
      if (all.length > 0) {
        await appendSummary(`### Cleanup after the cancelled release\n\n${all.map((d) => `- ${d}`).join('\n')}\n`);
      }
      if (stuck !== undefined) throw stuck;
    },
  );
}
