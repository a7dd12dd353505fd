// Where the code Scalingo builds comes from. Everything that can be checked is checked in
// prepareSource(), before any change; start() then creates the Scalingo deployment, once.
import type { GitHubClient } from '../github/client.ts';
import type { ScalingoApi } from '../scalingo/api.ts';
import type { Deployment } from '../scalingo/types.ts';
import type { Logger } from '../shared/logger.ts';
import { ConfigurationError } from '../shared/errors.ts';
import { maskUrl } from '../shared/secrets.ts';
import { packDirectory, uploadSource } from './archive.ts';
import { githubFailure } from './github-failure.ts';

export type SourceSpec =
  | { mode: 'archive' }
  | { mode: 'upload'; path: string }
  /** `expectSha`: the requested ref was a commit SHA, so the deployed git_ref must be that SHA. */
  | { mode: 'integration'; branch?: string | undefined; expectSha: boolean };

export type SourceMode = SourceSpec['mode'];

export interface SourceDeps {
  scalingo: Pick<ScalingoApi, 'deployments' | 'sources' | 'scmRepoLink'>;
  github: Pick<GitHubClient, 'tarballUrl'>;
  logger: Logger;
}

export interface PreparedSource {
  /** Creates the Scalingo deployment. Called once: a create is never repeated blindly. */
  start(): Promise<Deployment>;
  dispose(): Promise<void>;
}

export async function prepareSource(
  deps: SourceDeps,
  params: { app: string; sha: string; source: SourceSpec },
): Promise<PreparedSource> {
  const { scalingo, github, logger } = deps;
  const { app, sha, source } = params;
  if (source.mode === 'archive') {
    return {
      async start() {
        // Asked for only now: the signed URL expires after a few minutes, and we may have waited.
        const sourceUrl = await github.tarballUrl(sha).catch((error: unknown) => {
          throw githubFailure(`give the archive URL of ${sha}`, error);
        });
        // Not its path: it holds the commit SHA, which the git-ref output shows.
        maskUrl(logger, sourceUrl, { pathSegments: false });
        logger.info(`Deploying ${sha} to ${app} from the GitHub archive of that commit.`);
        return scalingo.deployments.create(app, { sourceUrl, gitRef: sha });
      },
      dispose: async () => {},
    };
  }
  if (source.mode === 'upload') {
    logger.info(`Packing ${source.path} (without .git) for upload.`);
    const packed = await packDirectory(source.path);
    return {
      async start() {
        const sourceUrl = await uploadSource(deps, packed);
        logger.info(`Deploying the uploaded sources to ${app} as ${sha}.`);
        return scalingo.deployments.create(app, { sourceUrl, gitRef: sha });
      },
      dispose: () => packed.dispose(),
    };
  }
  const link = await scalingo.scmRepoLink.get(app);
  if (!link) {
    throw new ConfigurationError(
      `Input 'source': 'integration' needs a repository linked to ${app}, and it has none. ` +
        'Link it in the Scalingo dashboard (Deploy > Configuration) or with `scalingo integration-link-create`, or use `source: archive`.',
    );
  }
  const branch = source.branch ?? link.branch;
  logger.warning(
    `source: integration deploys the head of branch '${branch}' of ${link.owner}/${link.repo}, whatever its commit is at that moment` +
      (source.expectSha ? `; the step fails if that is not ${sha}.` : '.'),
  );
  return {
    start: () => scalingo.scmRepoLink.manualDeploy(app, branch),
    dispose: async () => {},
  };
}
