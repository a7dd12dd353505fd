// One message per terminal failure status: what it means on Scalingo, the likely cause, what to do.
// Unknown statuses (Scalingo may add some) still fail, with a generic message.
import type { DeploymentStatus } from '../scalingo/types.ts';

export interface FailureExplanation {
  meaning: string;
  cause: string;
  fix: string;
}

export const FAILURE_MESSAGES: Readonly<Record<string, FailureExplanation>> = {
  'build-error': {
    meaning: 'the build failed: the buildpack could not turn the sources into an image',
    cause:
      'a dependency that does not install, a failing build step (assets, compilation), or a missing or wrong buildpack for this code',
    fix: 'Read the end of the build log below, reproduce the build locally, and check the buildpack (.buildpacks or BUILDPACK_URL) and the runtime version your project asks for.',
  },
  'crashed-error': {
    meaning: 'the new containers crashed while booting; the previous version keeps serving',
    cause:
      'the start command in the Procfile exits, or the app fails at startup (a missing environment variable, an unreachable database, a code error at import)',
    fix: 'Check the Procfile command, the app environment variables, and the app logs (`scalingo --app <app> logs`) around the deployment time.',
  },
  'timeout-error': {
    meaning: 'the web process did not listen on $PORT within 60 s; the previous version keeps serving',
    cause:
      'the server binds another port or 127.0.0.1 instead of 0.0.0.0:$PORT, or the app takes longer than 60 s to boot',
    fix: 'Make the web process listen on 0.0.0.0 and the port given in $PORT, and move slow startup work (migrations, warm-ups) to a postdeploy hook or a one-off.',
  },
  'hook-error': {
    meaning:
      'the postdeploy hook of the Procfile failed (non-zero exit or over 20 minutes); the previous version keeps serving',
    cause: 'the `postdeploy:` command (often database migrations) failed or ran too long',
    fix: 'Run the postdeploy command in a one-off (`scalingo --app <app> run <command>`) to see its error, fix it, and deploy again.',
  },
  aborted: {
    meaning: 'the deployment was aborted before it finished',
    cause: 'someone cancelled it, or Scalingo lost the connection with the source while building',
    fix: 'Deploy again; if it aborts again, check the Scalingo status page and the archive URL or upload.',
  },
};

const UNKNOWN: FailureExplanation = {
  meaning: 'the deployment finished without success',
  cause: 'Scalingo reported a status this action does not know yet',
  fix: 'Open the deployment in the Scalingo dashboard to see what happened.',
};

export function explainFailure(status: DeploymentStatus): FailureExplanation {
  return FAILURE_MESSAGES[status] ?? UNKNOWN;
}

/** The first lines of the error: status, meaning, cause, fix. */
export function failureMessage(app: string, deploymentId: string, status: DeploymentStatus): string {
  const { meaning, cause, fix } = explainFailure(status);
  return [
    `Deployment ${deploymentId} of ${app} ended with status '${status}': ${meaning}.`,
    `Likely cause: ${cause}.`,
    `What to do: ${fix.replaceAll('<app>', app)}`,
  ].join('\n');
}

/** The deployment outlived `timeout`: it is not a verdict, Scalingo is still working on it. */
export function timeoutMessage(app: string, deploymentId: string, status: string, timeout: string): string {
  return [
    `Deployment ${deploymentId} of ${app} did not finish within ${timeout} (last status '${status}'); it is still running on Scalingo.`,
    `This step fails because the result is unknown, not because the deployment failed: follow it in the Scalingo dashboard or with \`scalingo --app ${app} deployment-follow\`.`,
    'What to do: raise `timeout` if your builds are that long (Scalingo stops builds after 30 minutes), or look for a build stuck in the queue.',
  ].join('\n');
}

/** What a cancelled deploy did and did not do: the deployment goes on on Scalingo, nothing after it ran. */
export function cancelledMessage(
  app: string,
  deploymentId: string,
  status: string,
  after: { postDeploy?: { commands: readonly string[] } | undefined; healthCheck?: unknown },
): string {
  const notRun = [
    ...(after.postDeploy && after.postDeploy.commands.length > 0 ? ['the post-deploy commands'] : []),
    ...(after.healthCheck ? ['the health check'] : []),
  ];
  return [
    `The job was cancelled while deployment ${deploymentId} of ${app} was '${status}'; it may still be running on Scalingo.`,
    `Follow it in the Scalingo dashboard or with \`scalingo --app ${app} deployment-follow\`.`,
    ...(notRun.length > 0 ? [`Not run: ${notRun.join(' and ')}.`] : []),
  ].join('\n');
}
