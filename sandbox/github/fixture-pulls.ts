import {
  authorFor,
  DEFAULT_AUTHOR,
  isoSeconds,
  MERGER,
  type FixtureAuthor,
  type GitFixture,
  type MergeStrategy,
  type PullRequestSpec,
} from './git-fixture.ts';
import type { FixturePullRequest } from './pull-requests.ts';

export interface PushSpec {
  /** One commit with these files (null deletes one), when `commits` is not given. */
  files?: Record<string, string | null>;
  message?: string;
  commits?: { files: Record<string, string | null>; message: string }[];
  /** Login or full author; default the pull request's author. */
  author?: string | FixtureAuthor;
}

// The full author a PR was opened with, so merge commits are authored exactly as before the split.
const authors = new WeakMap<FixturePullRequest, FixtureAuthor>();

const authorOf = (pr: FixturePullRequest): FixtureAuthor => authors.get(pr) ?? authorFor(pr.author.login);

function openOne(git: GitFixture, number: number): FixturePullRequest {
  const pr = git.pulls.get(number);
  if (!pr) throw new Error(`git fixture: no pull request #${number}`);
  if (pr.state !== 'open') throw new Error(`git fixture: pull request #${number} is ${pr.state}`);
  return pr;
}

/**
 * Opens a pull request: its commits on a new branch from `base`. A fork's branch is not a branch of
 * this repository: its commits are kept only under refs/pull/<n>/head, as GitHub keeps them.
 */
export function openPullRequest(
  git: GitFixture,
  spec: Omit<PullRequestSpec, 'merged' | 'strategy'>,
): FixturePullRequest {
  const base = spec.base ?? git.defaultBranch;
  const number = spec.number ?? git.pulls.nextNumber();
  const author = typeof spec.author === 'string' ? authorFor(spec.author) : (spec.author ?? DEFAULT_AUTHOR);
  git.addUser(author);
  const headRef = spec.branch ?? `pr-${number}`;
  const local = spec.fork ? `fixture-fork-${number}` : headRef;
  const commits = spec.commits ?? [
    { files: spec.files ?? { [`changes/pr-${number}.txt`]: `${spec.title}\n` }, message: spec.title },
  ];
  git.checkout(base);
  git.branch(local, base);
  git.checkout(local);
  const headCommits = commits.map((c) => git.commit(c.files, c.message, { author }));
  git.checkout(base);
  if (spec.fork) git.git(['branch', '-q', '-D', local]);
  git.git(['update-ref', `refs/pull/${number}/head`, headCommits.at(-1)!]);
  const pr = git.pulls.add({
    number,
    title: spec.title,
    body: spec.body ?? '',
    labels: spec.labels ?? [],
    author: { login: author.login ?? 'octocat', isBot: author.isBot ?? false },
    baseRefName: base,
    headRefName: headRef,
    headSha: headCommits.at(-1)!,
    commits: headCommits,
    state: 'open',
    mergedAt: null,
    mergeCommitSha: null,
    createdAt: isoSeconds(git.clock - 30),
    closedAt: null,
    draft: spec.draft ?? false,
    ...(spec.fork ? { headOwner: spec.fork } : {}),
  });
  authors.set(pr, author);
  return pr;
}

/** Merges an open pull request the way GitHub's button does: merge, squash or rebase. */
export function mergeOpenPullRequest(
  git: GitFixture,
  number: number,
  strategy: MergeStrategy = 'merge',
): FixturePullRequest {
  const pr = openOne(git, number);
  const author = authorOf(pr);
  const head = pr.headSha;
  git.checkout(pr.baseRefName);
  const associated: string[] = [];
  if (strategy === 'merge') {
    const from = `${pr.headOwner ?? git.owner}/${pr.headRefName}`;
    git.git(['merge', '-q', '--no-ff', head, '-m', `Merge pull request #${number} from ${from}\n\n${pr.title}`], {
      env: git.commitEnv(author, MERGER),
    });
  } else if (strategy === 'squash') {
    git.git(['merge', '-q', '--squash', head]);
    const messages = pr.commits.map((sha) => git.git(['log', '-1', '--format=%B', sha]).replace(/\s+$/, ''));
    const message = `${pr.title} (#${number})\n\n${messages.map((m) => `* ${m}`).join('\n')}`;
    git.git(['commit', '-q', '--allow-empty', '-m', message], { env: git.commitEnv(author, MERGER) });
  } else if (strategy === 'fast-forward') {
    if (git.tryGit(['merge-base', '--is-ancestor', pr.baseRefName, head]).status !== 0)
      throw new Error(`git fixture: #${number} cannot be fast-forwarded, ${pr.baseRefName} moved: use 'local-rebase'`);
    git.git(['merge', '-q', '--ff-only', head]);
    git.tick();
  } else {
    // Only the committer changes on a rebase: the author and author date stay the PR's. GitHub
    // commits its rebase merges; a local rebase is committed by whoever ran it, here the author.
    const committer = strategy === 'rebase' ? MERGER : author;
    const rebased = pr.commits.map((sha) => {
      const { GIT_COMMITTER_NAME = '', GIT_COMMITTER_EMAIL = '', GIT_COMMITTER_DATE = '' } = git.commitEnv(committer);
      git.git(['cherry-pick', '--allow-empty', '--keep-redundant-commits', sha], {
        env: { GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL, GIT_COMMITTER_DATE },
      });
      return git.head();
    });
    if (strategy === 'rebase') associated.push(...rebased);
    else forcePushed(git, pr, rebased);
  }
  const merge = git.head();
  git.pulls.markMerged(number, merge, isoSeconds(git.clock), [...associated, merge]);
  return pr;
}

/** The PR's branch force-pushed with the rebased commits: they become its commits and head. */
function forcePushed(git: GitFixture, pr: FixturePullRequest, rebased: string[]): void {
  const head = rebased.at(-1)!;
  if (!pr.headOwner) git.git(['branch', '-f', pr.headRefName, head]);
  git.git(['update-ref', `refs/pull/${pr.number}/head`, head]);
  pr.previousHeadSha = pr.headSha;
  pr.headSha = head;
  pr.commits = rebased;
  git.pulls.associate(pr.number, rebased);
}

/** New commits on an open pull request's head: its head SHA moves, as a push to the branch does. */
export function pushToPullRequest(git: GitFixture, number: number, push: PushSpec): { before: string; after: string } {
  const pr = openOne(git, number);
  const author =
    typeof push.author === 'string' ? authorFor(push.author) : (push.author ?? authors.get(pr) ?? authorOf(pr));
  git.addUser(author);
  const commits = push.commits ?? [
    {
      files: push.files ?? { [`changes/pr-${number}-${pr.commits.length + 1}.txt`]: 'more\n' },
      message: push.message ?? `Update #${number}`,
    },
  ];
  const before = pr.headSha;
  const current = git.git(['rev-parse', '--abbrev-ref', 'HEAD']).trim();
  // A fork's branch is not ours: commit on a detached head and move only refs/pull/<n>/head.
  if (pr.headOwner) git.git(['checkout', '-q', '--detach', before]);
  else git.checkout(pr.headRefName);
  const shas = commits.map((c) => git.commit(c.files, c.message, { author }));
  const after = shas.at(-1)!;
  git.git(['update-ref', `refs/pull/${number}/head`, after]);
  git.checkout(current === 'HEAD' ? git.defaultBranch : current);
  pr.commits.push(...shas);
  pr.previousHeadSha = before;
  pr.headSha = after;
  git.pulls.associate(number, shas);
  return { before, after };
}

export function closePullRequest(git: GitFixture, number: number): FixturePullRequest {
  const pr = openOne(git, number);
  pr.state = 'closed';
  pr.closedAt = isoSeconds(git.clock);
  return pr;
}
