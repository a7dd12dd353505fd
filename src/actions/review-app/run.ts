import { cleanUpAfterCancel } from '../../deploy/cancel.ts';
import { readPullRequestEvent } from '../../review-app/event.ts';
import { runReviewApp } from '../../review-app/review-app.ts';
import { renderReviewAppSummary } from '../../review-app/summary.ts';
import { contextFromEnv } from '../../shared/context.ts';
import { ConfigurationError, firstLine } from '../../shared/errors.ts';
import { Inputs, type InputReader } from '../../shared/inputs.ts';
import { githubClient, scalingoClient } from '../clients.ts';
import { actionsInputReader, actionsLogger, appendSummary, notice, runAction, setOutput } from '../runtime.ts';
import { readGate, readReviewAppInputs } from './inputs.ts';

/** `reader`: where inputs come from (the root action passes its own, renaming some). */
export async function run(
  env: NodeJS.ProcessEnv = process.env,
  reader: InputReader = actionsInputReader,
): Promise<void> {
  const context = contextFromEnv(env);
  const read = () => readReviewAppInputs(new Inputs(reader), env);
  await runAction(
    'review-app',
    async (lifecycle) => {
      const logger = actionsLogger();
      // A bot's run has no secrets: it is turned away before the token is asked for.
      const pr = readPullRequestEvent(context);
      const gate = readGate(new Inputs(reader));
      if (pr?.byBot && gate.skipBots) {
        notice(`Skipped: #${pr.number} is by ${pr.author} (skip-bots: true).`, 'Review app skipped');
        setOutput('action', 'skipped');
        await appendSummary(`## Review app skipped\n\n#${pr.number} is by ${pr.author}: \`skip-bots\` is on.\n`);
        return;
      }
      const { scalingo: connection, githubToken, review } = read();
      const github = githubClient(githubToken, context, logger, review.timeoutMs);
      const scalingo = scalingoClient({ ...connection, app: review.parentApp }, logger);
      const outcome = await runReviewApp({ scalingo, github, logger, context, lifecycle }, review);
      const { result } = outcome;
      setOutput('app', result.app ?? '');
      setOutput('app-url', result.appUrl ?? '');
      setOutput('deployment-id', result.deploymentId ?? '');
      setOutput('status', result.status ?? '');
      setOutput('action', result.action);
      const repoUrl = `${context.serverUrl}/${context.owner}/${context.repo}`;
      const failure = outcome.error === undefined ? undefined : firstLine(outcome.error);
      await appendSummary(renderReviewAppSummary(result, repoUrl, failure, outcome.cleaned));
      for (const note of result.notes) logger.info(note);
      if (outcome.error !== undefined)
        throw outcome.error instanceof Error ? outcome.error : new ConfigurationError(String(outcome.error));
    },
    async ({ state, logger }) => {
      const { scalingo: connection, githubToken, review } = read();
      const done = await cleanUpAfterCancel(
        {
          github: githubClient(githubToken, context, logger),
          scalingo: scalingoClient({ ...connection, app: review.parentApp }, logger),
          logger,
        },
        state,
      );
      if (done.length > 0)
        await appendSummary(
          `### Cleanup after the cancelled review app run\n\n${done.map((d) => `- ${d}`).join('\n')}\n`,
        );
    },
  );
}
