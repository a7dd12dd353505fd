import { deployCommit, DeployFailedError, type DeployResult } from '../../deploy/deploy.ts';
import { cleanUpAfterCancel } from '../../deploy/cancel.ts';
import { notifyDeploy } from '../../deploy/notify.ts';
import { resolveRef } from '../../deploy/ref.ts';
import { renderDeploySummary, type SummaryInput } from '../../deploy/summary.ts';
import { destructiveSummary, destructiveWarning } from '../../post-deploy/forbid.ts';
import { contextFromEnv, runUrl } from '../../shared/context.ts';
import { describeError } from '../../shared/errors.ts';
import { Inputs, type InputReader } from '../../shared/inputs.ts';
import { codeFence } from '../../shared/markdown.ts';
import { githubClient, scalingoClient } from '../clients.ts';
import { actionsInputReader, actionsLogger, appendSummary, runAction, setOutput } from '../runtime.ts';
import { readDeployInputs } from './inputs.ts';

function setOutputs(result: DeployResult): void {
  setOutput('deployment-id', result.deployment.id);
  setOutput('status', result.status);
  setOutput('app-url', result.appUrl);
  setOutput('git-ref', result.gitRef);
  setOutput('duration', String(Math.round(result.durationMs / 1000)));
}

/** `reader`: where inputs come from (the root action passes its own, renaming some). */
export async function run(
  env: NodeJS.ProcessEnv = process.env,
  reader: InputReader = actionsInputReader,
): Promise<void> {
  const context = contextFromEnv(env);
  const read = () => readDeployInputs(new Inputs(reader), env, context);
  const repoUrl = `${context.serverUrl}/${context.owner}/${context.repo}`;
  await runAction(
    'deploy',
    async (lifecycle) => {
      const logger = actionsLogger();
      const { scalingo: settings, githubToken, ref, deploy, notifyWebhook, destructive } = read();
      if (notifyWebhook) logger.mask(notifyWebhook);
      if (destructive) logger.warning(destructiveWarning(destructive), 'Destructive commands allowed');
      const warning = destructive ? `${destructiveSummary(destructive)}\n` : '';
      const github = githubClient(githubToken, context, logger, deploy.timeoutMs);
      const scalingo = scalingoClient(settings, logger);
      const summary = (input: Omit<SummaryInput, 'repoUrl' | 'environment'>) =>
        appendSummary(
          warning +
            renderDeploySummary({
              ...input,
              repoUrl,
              ...(deploy.githubDeployment ? { environment: deploy.environment } : {}),
            }),
        );
      const notify = async (sha: string, result?: DeployResult, error?: unknown) => {
        if (!notifyWebhook) return;
        const notice = { app: deploy.app, sha, actor: context.actor, runUrl: runUrl(context), repoUrl };
        await notifyDeploy(notifyWebhook, { ...notice, ...(result ? { result } : {}), error }, logger);
      };
      let sha: string | undefined;
      try {
        sha = await resolveRef(github, ref, logger);
        const result = await deployCommit({ scalingo, github, logger, context, lifecycle }, { ...deploy, sha });
        setOutputs(result);
        await summary({ result });
        await notify(sha, result);
      } catch (error) {
        if (error instanceof DeployFailedError) {
          setOutputs(error.result);
          await summary({ result: error.result, failure: { phase: error.phase, explanation: error.explanation } });
        } else if (warning) {
          await appendSummary(`### ❌ deploy failed\n\n${codeFence(describeError(error))}\n\n${warning}`);
        }
        await notify(sha ?? ref, error instanceof DeployFailedError ? error.result : undefined, error);
        throw error;
      }
    },
    async ({ state, logger }) => {
      const { scalingo: settings, githubToken } = read();
      const done = await cleanUpAfterCancel(
        { github: githubClient(githubToken, context, logger), scalingo: scalingoClient(settings, logger), logger },
        state,
      );
      if (done.length > 0)
        await appendSummary(`### Cleanup after the cancelled deploy\n\n${done.map((d) => `- ${d}`).join('\n')}\n`);
    },
  );
}
