// The commit a deploy is about: a SHA, branch or tag resolved once through GitHub, so the archive,
// Scalingo's git_ref and the GitHub Deployment all name the same commit.
import type { GitHubClient } from '../github/client.ts';
import { ConfigurationError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { githubFailure } from './github-failure.ts';

export async function resolveRef(
  github: Pick<GitHubClient, 'resolveCommit'>,
  ref: string,
  logger: Logger,
): Promise<string> {
  try {
    const sha = await github.resolveCommit(ref);
    if (sha !== ref) logger.info(`Ref '${ref}' is commit ${sha}.`);
    return sha;
  } catch (error) {
    if (error instanceof ConfigurationError) throw new ConfigurationError(`Input 'ref': ${error.message}`);
    throw githubFailure(`resolve the ref '${ref}'`, error);
  }
}
