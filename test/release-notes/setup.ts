import { afterEach } from 'vitest';
import { GitHubClient } from '../../src/github/client.ts';
import { LocalGit } from '../../src/release-notes/local-git.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { startGitHubDouble } from '../../sandbox/github/index.ts';
import type { GitFixture, GitHubDouble } from '../../sandbox/github/index.ts';

export interface Repo {
  gh: GitHubDouble;
  github: GitHubClient;
  git: LocalGit;
  logger: MemoryLogger;
  repoUrl: string;
}

const open: GitHubDouble[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((gh) => gh.close()));
});

/** A real repository behind the GitHub double, seen both through local git and through the API. */
export async function startRepo(): Promise<Repo> {
  const gh = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  open.push(gh);
  gh.git.commit({ 'README.md': 'shop\n' }, 'Initial commit');
  const logger = new MemoryLogger();
  const github = new GitHubClient({
    token: gh.token,
    apiUrl: gh.apiUrl,
    graphqlUrl: gh.graphqlUrl,
    owner: gh.owner,
    repo: gh.repo,
    logger,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  const git = await LocalGit.open(gh.git.dir);
  if (!git) throw new Error('the fixture repository should be a full clone');
  return { gh, github, git, logger, repoUrl: 'https://github.com/acme/shop' };
}

/** Numbers of the pull requests in the notes, in order, and the subjects of bare commits. */
export function listed(
  changes: { kind: string; pullRequest?: { number: number }; subject?: string }[],
): (number | string)[] {
  return changes.map((c) => (c.pullRequest ? c.pullRequest.number : c.subject!));
}

/** v1.0.0 on main, then v1.0.1 on a maintenance branch: a higher tag that is not an ancestor of main. */
export function withMaintenanceRelease(g: GitFixture): void {
  g.tag('v1.0.0');
  g.branch('release-1.0');
  g.commit({ 'patch.txt': 'x\n' }, 'Backport a fix', { branch: 'release-1.0' });
  g.tag('v1.0.1');
  g.checkout('main');
}
