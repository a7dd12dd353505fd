import { cleanUpAfterCancel } from '../../deploy/cancel.ts';
import { MAINTENANCE_STATE } from '../../production/maintenance.ts';
import { liftAfterCancel } from '../../production/maintenance-step.ts';
import { releaseToProduction } from '../../production/orchestrate.ts';
import { destructiveWarning } from '../../post-deploy/forbid.ts';
import type { ProductionReport } from '../../production/steps.ts';
import { renderSummary } from '../../production/summary.ts';
import { generateReleaseNotes } from '../../release-notes/index.ts';
import { LocalGit } from '../../release-notes/local-git.ts';
import { contextFromEnv } from '../../shared/context.ts';
import { Inputs, type InputReader } from '../../shared/inputs.ts';
import { githubClient, scalingoClient } from '../clients.ts';
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
      const { scalingo: settings, githubToken, release, now } = read();
      if (release.notifyWebhook) logger.mask(release.notifyWebhook);
      if (release.destructive) logger.warning(destructiveWarning(release.destructive), 'Destructive commands allowed');
      const github = githubClient(githubToken, context, logger, release.timeoutMs);
      const scalingo = scalingoClient(settings, logger);
      const generateNotes = async (tag: string) => {
        const git = await LocalGit.open(context.workspace);
        const head = await github.resolveCommit(tag);
        const notes = await generateReleaseNotes({
          github,
          logger,
          repoUrl: `${context.serverUrl}/${context.owner}/${context.repo}`,
          tag,
          head,
          tagPrefix: release.pattern.prefix,
          ...(git ? { git } : {}),
        });
        return notes.body;
      };
      const report = await releaseToProduction(
        { scalingo, github, logger, context, generateNotes, lifecycle, ...(now ? { now } : {}) },
        release,
      );
      setOutputs(report);
      await appendSummary(renderSummary(report));
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
