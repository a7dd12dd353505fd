import type { GitFixture } from './git-fixture.ts';

/** A commit in the REST shape of GET /repos/{o}/{r}/commits/{ref} and compare's `commits`. */
export interface RestCommit {
  sha: string;
  node_id: string;
  url: string;
  html_url: string;
  commit: {
    message: string;
    author: { name: string; email: string; date: string };
    committer: { name: string; email: string; date: string };
    tree: { sha: string };
  };
  author: { login: string; type: string } | null;
  committer: { login: string; type: string } | null;
  parents: { sha: string }[];
}

const FORMAT = ['%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x00') + '%x1e';

/** Commits of `git log <args>`, in REST shape; logins come from the fixture's known emails. */
export function logCommits(
  git: GitFixture,
  args: string[],
  links: { apiRepo: string; htmlRepo: string },
): RestCommit[] {
  const out = git.git(['log', `--format=${FORMAT}`, ...args]);
  const account = (email: string): RestCommit['author'] => {
    const user = git.users.get(email.toLowerCase());
    return user?.login ? { login: user.login, type: user.isBot ? 'Bot' : 'User' } : null;
  };
  return out
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.length > 0)
    .map((record) => {
      const [sha = '', tree = '', parents = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', message = ''] =
        record.split('\x00');
      return {
        sha,
        node_id: Buffer.from(`Commit:${sha}`).toString('base64'),
        url: `${links.apiRepo}/commits/${sha}`,
        html_url: `${links.htmlRepo}/commit/${sha}`,
        commit: {
          message: message.replace(/\n+$/, ''),
          author: { name: an, email: ae, date: utc(ad) },
          committer: { name: cn, email: ce, date: utc(cd) },
          tree: { sha: tree },
        },
        author: account(ae),
        committer: account(ce),
        parents: parents
          .split(' ')
          .filter(Boolean)
          .map((p) => ({ sha: p })),
      };
    });
}

const known = new WeakMap<GitFixture, Map<string, RestCommit>>();

/**
 * One commit's details for GraphQL nodes, from a `git log --all` kept per fixture (a commit never
 * changes; a miss reloads): a page of 100 pull requests with their commits costs one spawn, not 200.
 * Logins are not read from it (GraphQL commit nodes have none), so users added later do not matter.
 */
export function commitDetails(git: GitFixture, sha: string, links: { apiRepo: string; htmlRepo: string }): RestCommit {
  let commits = known.get(git);
  if (!commits?.has(sha)) {
    commits = new Map(logCommits(git, ['--all'], links).map((c) => [c.sha, c]));
    known.set(git, commits);
  }
  return commits.get(sha) ?? logCommits(git, ['-1', sha], links)[0]!;
}

function utc(date: string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function countCommits(git: GitFixture, range: string): number {
  return Number(git.git(['rev-list', '--count', range]).trim());
}
