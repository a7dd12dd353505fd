import * as core from '../../shared/runner.ts';
import { GitHubClient } from '../../github/client.ts';
import { generateReleaseNotes } from '../../release-notes/index.ts';
import { LocalGit } from '../../release-notes/local-git.ts';
import { ScalingoClient } from '../../scalingo/client.ts';
import { releaseToProduction } from '../../production/orchestrate.ts';
import type { ProductionReport } from '../../production/steps.ts';
import { renderSummary } from '../../production/summary.ts';
import { actionsInputReader, actionsLogger, appendSummary, runAction } from '../../shared/actions-runtime.ts';
import { contextFromEnv } from '../../shared/context.ts';
import { Inputs } from '../../shared/inputs.ts';
import { readDeployProductionInputs } from './inputs.ts';

function setOutputs(report: ProductionReport): void {
  const deployed = report.deploy;
  core.setOutput('version', report.version.version);
  core.setOutput('previous-version', report.previous?.version?.version ?? '');
  core.setOutput('backup-id', (report.backup?.backups ?? []).map((b) => b.backupId).join(','));
  core.setOutput('release-url', report.release?.htmlUrl ?? '');
  core.setOutput('rolled-back', String(report.rolledBack));
  core.setOutput('deployment-id', deployed?.deployment.id ?? '');
  core.setOutput('status', deployed?.status ?? '');
  core.setOutput('app-url', deployed?.appUrl ?? '');
  core.setOutput('git-ref', deployed?.gitRef ?? '');
  core.setOutput('duration', deployed ? String(Math.round(deployed.durationMs / 1000)) : '');
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async () => {
    const logger = actionsLogger();
    const context = contextFromEnv(env);
    const inputs = readDeployProductionInputs(new Inputs(actionsInputReader), env, context);
    logger.mask(inputs.scalingo.apiToken);
    logger.mask(inputs.githubToken);
    if (inputs.notifyWebhook) logger.mask(inputs.notifyWebhook);

    const github = new GitHubClient({
      token: inputs.githubToken,
      apiUrl: context.apiUrl,
      graphqlUrl: context.graphqlUrl,
      owner: context.owner,
      repo: context.repo,
      logger,
    });
    const scalingo = new ScalingoClient({ ...inputs.scalingo, logger });
    const repoUrl = `${context.serverUrl}/${context.owner}/${context.repo}`;
    const generateNotes = async (tag: string) => {
      const git = await LocalGit.open(context.workspace);
      const head = await github.resolveCommit(tag);
      const notes = await generateReleaseNotes({
        github,
        logger,
        repoUrl,
        tag,
        head,
        tagPrefix: inputs.pattern.prefix,
        ...(git ? { git } : {}),
      });
      return notes.body;
    };

    const report = await releaseToProduction(
      { scalingo, github, logger, context, generateNotes },
      {
        app: inputs.scalingo.app,
        tag: inputs.tag,
        version: inputs.version,
        pattern: inputs.pattern,
        force: inputs.force,
        backup: inputs.backup,
        timeoutMs: inputs.timeoutMs,
        environment: inputs.environment,
        rollback: inputs.rollback,
        release: inputs.release,
        ...(inputs.branch ? { branch: inputs.branch } : {}),
        ...(inputs.stagingApp ? { stagingApp: inputs.stagingApp } : {}),
        ...(inputs.postDeploy ? { postDeploy: inputs.postDeploy } : {}),
        ...(inputs.healthCheck ? { healthCheck: inputs.healthCheck } : {}),
        ...(inputs.notifyWebhook ? { notifyWebhook: inputs.notifyWebhook } : {}),
      },
    );
    setOutputs(report);
    appendSummary(renderSummary(report));
    if (report.error !== undefined) throw report.error;
  });
}
