import type { AftercareRelease } from '../../aftercare/params.ts';
import { runAftercare } from '../../aftercare/run.ts';
import { renderAftercareSummary } from '../../aftercare/summary.ts';
import { deployCommit, DeployFailedError, type DeployResult } from '../../deploy/deploy.ts';
import { cleanUpAfterCancel } from '../../deploy/cancel.ts';
import { notifyDeploy } from '../../deploy/notify.ts';
import { resolveRef } from '../../deploy/ref.ts';
import { renderDeploySummary, type SummaryInput } from '../../deploy/summary.ts';
import { destructiveSummary, destructiveWarning } from '../../post-deploy/forbid.ts';
import { contextFromEnv, runUrl, type RunContext } from '../../shared/context.ts';
import { describeError } from '../../shared/errors.ts';
import { Inputs, type InputReader } from '../../shared/inputs.ts';
import { codeFence } from '../../shared/markdown.ts';
import { githubClient, scalingoClient, secondMsFor, sentryClient } from '../clients.ts';
import { actionsInputReader, actionsLogger, appendSummary, runAction, setOutput } from '../runtime.ts';
import { readDeployInputs } from './inputs.ts';

function setOutputs(result: DeployResult): void {
  setOutput('deployment-id', result.deployment.id);
  setOutput('status', result.status);
  setOutput('app-url', result.appUrl);
  setOutput('git-ref', result.gitRef);
  setOutput('duration', String(Math.round(result.durationMs / 1000)));
}

/** The deploy as the Sentry release of its commit sees it: the SHA is the version. */
function deployed(context: RunContext, result: DeployResult): AftercareRelease {
  const repository = `${context.owner}/${context.repo}`;
  const finished = Date.parse(result.deployment.finished_at ?? '') || Date.now();
  const previous = result.deployment.previous_git_ref;
  return {
    tag: result.sha,
    version: result.sha,
    sha: result.sha,
    ...(previous && /^[0-9a-f]{40}$/i.test(previous) ? { previousSha: previous } : {}),
    releaseUrl: `${context.serverUrl}/${repository}/commit/${result.sha}`,
    repository,
    app: result.app,
    appUrl: result.appUrl,
    runUrl: runUrl(context),
    startedAt: new Date(Date.parse(result.deployment.created_at) || finished - result.durationMs),
    liveSince: new Date(finished),
  };
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
      const { scalingo: settings, githubToken, ref, deploy, notifyWebhook, destructive, sentry, sentryNote } = read();
      if (notifyWebhook) logger.mask(notifyWebhook);
      if (sentry) logger.mask(sentry.token);
      if (sentryNote) logger.info(sentryNote);
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
      // One message per outcome: a Sentry watch failing the step after the deploy's message adds none.
      let notified = false;
      const notify = async (sha: string, result?: DeployResult, error?: unknown) => {
        if (!notifyWebhook || notified) return;
        notified = true;
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
        if (sentry) {
          // After a good deploy only; a Sentry failure is a warning, a watch over its maximum fails the step.
          const care = await runAftercare(
            {
              github,
              sentry: sentryClient(sentry, logger, lifecycle.signal),
              logger,
              spacingMs: secondMsFor(context.apiUrl),
              watchPollMs: 60 * secondMsFor(sentry.baseUrl),
              signal: lifecycle.signal,
            },
            { releasedComment: false, milestone: 'off', sentry },
            deployed(context, result),
          );
          await appendSummary(renderAftercareSummary(care, { rows: true }));
          if (care.error) throw care.error;
        }
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
