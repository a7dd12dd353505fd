import * as core from '../../shared/runner.ts';
import { GitHubClient } from '../../github/client.ts';
import { ScalingoClient } from '../../scalingo/client.ts';
import { actionsInputReader, actionsLogger, appendSummary, runAction } from '../../shared/actions-runtime.ts';
import { contextFromEnv } from '../../shared/context.ts';
import type { RunContext } from '../../shared/context.ts';
import { ConfigurationError } from '../../shared/errors.ts';
import { Inputs } from '../../shared/inputs.ts';
import type { Logger } from '../../shared/logger.ts';
import { deployCommit, DeployFailedError } from '../../deploy/deploy.ts';
import type { DeployResult } from '../../deploy/deploy.ts';
import type { SourceSpec } from '../../deploy/source.ts';
import { githubFailure } from '../../deploy/github-failure.ts';
import { renderDeploySummary } from '../../deploy/summary.ts';
import { readDeployInputs } from './inputs.ts';
import type { DeployInputs } from './inputs.ts';

const LOOKS_LIKE_SHA = /^[0-9a-f]{7,40}$/i;

function sourceSpec(inputs: DeployInputs): SourceSpec {
  if (inputs.source === 'upload') return { mode: 'upload', path: inputs.path };
  if (inputs.source === 'integration') {
    const sha = LOOKS_LIKE_SHA.test(inputs.ref);
    return { mode: 'integration', branch: inputs.branch ?? (sha ? undefined : inputs.ref), expectSha: sha };
  }
  return { mode: 'archive' };
}

async function resolveRef(github: GitHubClient, ref: string, logger: Logger): Promise<string> {
  try {
    const sha = await github.resolveCommit(ref);
    if (sha !== ref) logger.info(`Ref '${ref}' is commit ${sha}.`);
    return sha;
  } catch (error) {
    if (error instanceof ConfigurationError) throw new ConfigurationError(`Input 'ref': ${error.message}`);
    throw githubFailure(`resolve the ref '${ref}'`, error);
  }
}

function setOutputs(result: DeployResult): void {
  core.setOutput('deployment-id', result.deployment.id);
  core.setOutput('status', result.status);
  core.setOutput('app-url', result.appUrl);
  core.setOutput('git-ref', result.gitRef);
  core.setOutput('duration', String(Math.round(result.durationMs / 1000)));
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async () => {
    const logger = actionsLogger();
    const context: RunContext = contextFromEnv(env);
    const inputs = readDeployInputs(new Inputs(actionsInputReader), env, context);
    logger.mask(inputs.scalingo.apiToken);
    logger.mask(inputs.githubToken);

    const github = new GitHubClient({
      token: inputs.githubToken,
      apiUrl: context.apiUrl,
      graphqlUrl: context.graphqlUrl,
      owner: context.owner,
      repo: context.repo,
      logger,
    });
    const scalingo = new ScalingoClient({ ...inputs.scalingo, logger });
    const sha = await resolveRef(github, inputs.ref, logger);
    const repoUrl = `${context.serverUrl}/${context.owner}/${context.repo}`;
    const environment = inputs.githubDeployment ? inputs.environment : undefined;
    try {
      const result = await deployCommit(
        { scalingo, github, logger, context },
        {
          app: inputs.scalingo.app,
          sha,
          source: sourceSpec(inputs),
          timeoutMs: inputs.timeoutMs,
          environment: inputs.environment,
          githubDeployment: inputs.githubDeployment,
          healthCheck: inputs.healthCheck,
          postDeploy: inputs.postDeploy,
        },
      );
      setOutputs(result);
      appendSummary(renderDeploySummary({ result, repoUrl, ...(environment ? { environment } : {}) }));
    } catch (error) {
      if (error instanceof DeployFailedError) {
        setOutputs(error.result);
        const failure = { phase: error.phase, explanation: error.explanation };
        appendSummary(
          renderDeploySummary({ result: error.result, repoUrl, failure, ...(environment ? { environment } : {}) }),
        );
      }
      throw error;
    }
  });
}
