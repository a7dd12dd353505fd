// The narrow slices of the GitHub and Scalingo clients a production release uses: the guards,
// backup, rollback and release modules take these (GitHubClient and ScalingoClient satisfy them),
// so tests hand them small fakes.
import type { ScalingoApi } from '../scalingo/api.ts';
import type { GitHubClient } from '../github/client.ts';

/** findRelease searches drafts too (GitHub's by-tag lookup skips them). */
export type ReleaseGitHub = Pick<GitHubClient, 'findRelease' | 'createRelease' | 'updateRelease'>;

/** compare(branch, sha) says whether the tag is on the branch; resolveCommit peels annotated tags. */
export type GuardGitHub = Pick<GitHubClient, 'repository' | 'compare' | 'tags' | 'resolveCommit'>;

export type DeploymentsReader = Pick<ScalingoApi['deployments'], 'list'>;
export type BackupScalingo = {
  addons: Pick<ScalingoApi['addons'], 'list'>;
  backups: Pick<ScalingoApi['backups'], 'create' | 'waitDone'>;
};
