import { MERGER } from './git-fixture.ts';
import type { DoubleCore } from './kit.ts';
import type { FixturePullRequest } from './pull-requests.ts';
import { restPull } from './routes/pulls.ts';
import { repoView } from './routes/repos.ts';
import { accountId, userView } from './tokens.ts';

export type PullRequestAction = 'opened' | 'synchronize' | 'reopened' | 'closed' | 'labeled' | 'unlabeled';

export interface PullRequestEventSpec {
  number: number;
  action: PullRequestAction;
  /** `pull_request` (default) or `pull_request_target`: the same payload, other runner variables. */
  eventName?: 'pull_request' | 'pull_request_target';
  /** For labeled/unlabeled: the label (added to / removed from the pull request if needed). */
  label?: string;
  /** For synchronize: the head before the push (default: the one before the last pushToPullRequest). */
  before?: string;
  /** Who triggered it (default the pull request's author). */
  sender?: string;
}

export interface PullRequestEvent {
  eventName: 'pull_request' | 'pull_request_target';
  /** What to write to GITHUB_EVENT_PATH. */
  payload: Record<string, unknown>;
  /** The runner variables GitHub sets for that event (GITHUB_REF, GITHUB_SHA, GITHUB_HEAD_REF, …). */
  env: Record<string, string>;
}

/**
 * The test merge commit GitHub keeps under refs/pull/<n>/merge (the `pull_request` run's GITHUB_SHA),
 * made for real with `git merge-tree`; undefined when the branches conflict (no run happens then).
 */
function testMergeCommit(core: DoubleCore, pr: FixturePullRequest): string | undefined {
  const { git } = core;
  const base = git.head(pr.baseRefName);
  const tree = git.tryGit(['merge-tree', '--write-tree', base, pr.headSha]);
  if (tree.status !== 0) return undefined;
  const message = `Merge ${pr.headSha} into ${base}`;
  const sha = git
    .git(['commit-tree', tree.stdout.split('\n')[0]!, '-p', base, '-p', pr.headSha, '-m', message], {
      env: git.commitEnv(MERGER),
    })
    .trim();
  git.git(['update-ref', `refs/pull/${pr.number}/merge`, sha]);
  return sha;
}

function runnerEnv(core: DoubleCore, pr: FixturePullRequest, spec: PullRequestEventSpec): Record<string, string> {
  const eventName = spec.eventName ?? 'pull_request';
  const common = {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_REPOSITORY: `${core.owner}/${core.repo}`,
    GITHUB_ACTOR: spec.sender ?? pr.author.login,
    GITHUB_HEAD_REF: pr.headRefName,
    GITHUB_BASE_REF: pr.baseRefName,
    GITHUB_REF_TYPE: 'branch',
  };
  // pull_request_target runs the default branch's workflow on its latest commit (facts B5).
  if (eventName === 'pull_request_target') {
    const branch = core.git.defaultBranch;
    return {
      ...common,
      GITHUB_REF: `refs/heads/${branch}`,
      GITHUB_REF_NAME: branch,
      GITHUB_SHA: core.git.head(branch),
    };
  }
  // A merged close runs on the target branch at the merge commit.
  if (spec.action === 'closed' && pr.mergeCommitSha) {
    return {
      ...common,
      GITHUB_REF: `refs/heads/${pr.baseRefName}`,
      GITHUB_REF_NAME: pr.baseRefName,
      GITHUB_SHA: pr.mergeCommitSha,
    };
  }
  const merge = testMergeCommit(core, pr);
  if (!merge)
    throw new Error(
      `pull request #${pr.number} conflicts with ${pr.baseRefName}: GitHub runs no pull_request workflow`,
    );
  return {
    ...common,
    GITHUB_REF: `refs/pull/${pr.number}/merge`,
    GITHUB_REF_NAME: `${pr.number}/merge`,
    GITHUB_SHA: merge,
  };
}

/** The `pull_request` / `pull_request_target` webhook payload for a fixture pull request (facts B5). */
export function pullRequestEvent(core: DoubleCore, spec: PullRequestEventSpec): PullRequestEvent {
  const pr = core.git.pulls.get(spec.number);
  if (!pr) throw new Error(`pullRequestEvent: no pull request #${spec.number}`);
  if (spec.action === 'closed' && pr.state !== 'closed')
    throw new Error(`pullRequestEvent: #${pr.number} is open; merge or close it first`);
  if (spec.action !== 'closed' && spec.action !== 'labeled' && spec.action !== 'unlabeled' && pr.state !== 'open')
    throw new Error(`pullRequestEvent: #${pr.number} is closed; "${spec.action}" happens to open pull requests`);
  const extra: Record<string, unknown> = {};
  if (spec.action === 'labeled' || spec.action === 'unlabeled') {
    if (!spec.label) throw new Error(`pullRequestEvent: "${spec.action}" needs a label`);
    const has = pr.labels.includes(spec.label);
    if (spec.action === 'labeled' && !has) pr.labels.push(spec.label);
    if (spec.action === 'unlabeled' && has) pr.labels.splice(pr.labels.indexOf(spec.label), 1);
    extra.label = { id: 1, name: spec.label, color: 'ededed', default: false };
  }
  if (spec.action === 'synchronize') {
    const before = spec.before ?? pr.previousHeadSha;
    if (!before) throw new Error(`pullRequestEvent: #${pr.number} was never pushed to; give "before"`);
    Object.assign(extra, { before, after: pr.headSha });
  }
  const env = runnerEnv(core, pr, spec);
  const sender = spec.sender ?? pr.author.login;
  const senderType = sender.endsWith('[bot]') ? 'Bot' : 'User';
  return {
    eventName: spec.eventName ?? 'pull_request',
    env,
    payload: {
      action: spec.action,
      number: pr.number,
      ...extra,
      pull_request: restPull(core, pr),
      repository: repoView(core),
      sender: userView({ login: sender, id: accountId(sender), type: senderType }, core.url),
    },
  };
}
