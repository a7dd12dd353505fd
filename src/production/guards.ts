import semver from 'semver';
import type { SemVer } from 'semver';
import { ConfigurationError, inputError } from '../shared/errors.ts';
import type { DeploymentsReader, GuardGitHub } from './ports.ts';
import { findDeployment, findPreviousRelease, MAX_PAGES, PER_PAGE, type PreviousRelease } from './history.ts';
import { namesCommit } from '../shared/git-refs.ts';
import type { TagPattern } from './version.ts';

export type GuardName = 'tag' | 'branch' | 'version' | 'staging' | 'deploy-window' | 'env' | 'concurrency';

/** A refused release: which guard, what it saw, and how to proceed. */
export class GuardRefusal extends ConfigurationError {
  readonly guard: GuardName;
  constructor(guard: GuardName, saw: string, fix: string) {
    super(`The ${guard} guard refused the release: ${saw}. ${fix}`);
    this.guard = guard;
  }
}

export interface GuardCheck {
  guard: GuardName;
  outcome: 'passed' | 'skipped';
  detail: string;
}

export const FORCE_HINT =
  'To release anyway, run the workflow from workflow_dispatch with `force: true` (the backup still runs).';

/** The branch guard (never skipped): the tag's commit is in the branch history. */
export async function checkReachable(
  github: GuardGitHub,
  branch: string,
  tag: string,
  sha: string,
): Promise<GuardCheck> {
  // Only the status matters: one request, even for a tag hundreds of commits off the branch.
  const comparison = await github.compare(branch, sha, { statusOnly: true });
  if (comparison.status === 'behind' || comparison.status === 'identical') {
    return { guard: 'branch', outcome: 'passed', detail: `${tag} (${sha.slice(0, 7)}) is on ${branch}` };
  }
  const saw =
    comparison.status === 'ahead'
      ? `${tag} (${sha.slice(0, 7)}) is ${comparison.aheadBy} commit(s) ahead of ${branch}, so it was never merged there`
      : `${tag} (${sha.slice(0, 7)}) is not on ${branch} (the histories diverged: ${comparison.aheadBy} ahead, ${comparison.behindBy} behind)`;
  throw new GuardRefusal(
    'branch',
    saw,
    `Merge the change into ${branch} and tag a commit of ${branch}, or set \`branch\` to the branch you release from. \`force\` does not skip this guard.`,
  );
}

/** The version guard: the release must be newer than what production runs. */
export function checkVersion(
  tag: string,
  version: SemVer,
  previous: PreviousRelease | null,
  force: boolean,
): GuardCheck {
  if (!previous)
    return { guard: 'version', outcome: 'passed', detail: 'no successful production deployment yet: first release' };
  const running = previous.tag ? `${previous.tag} (deployment ${previous.deploymentId})` : `git_ref ${previous.gitRef}`;
  let saw: string | null = null;
  if (!previous.version)
    saw = `production runs ${running}, which no release tag names, so ${tag} cannot be compared with it`;
  else if (semver.eq(version, previous.version)) saw = `production already runs ${running}`;
  else if (semver.lt(version, previous.version))
    saw = `${tag} is older than ${running} that production runs (a downgrade)`;
  if (saw === null) return { guard: 'version', outcome: 'passed', detail: `${tag} is newer than ${previous.tag}` };
  if (force) return { guard: 'version', outcome: 'skipped', detail: `forced: ${saw}` };
  throw new GuardRefusal('version', saw, `Tag a newer version to release it. ${FORCE_HINT}`);
}

/** The staging guard: the same commit deployed successfully on the staging app. */
export async function checkStaging(
  deployments: DeploymentsReader,
  stagingApp: string,
  tag: string,
  sha: string,
  force: boolean,
): Promise<GuardCheck> {
  const found = await findDeployment(
    deployments,
    stagingApp,
    (d) => d.status === 'success' && namesCommit(d.git_ref, sha, tag),
  );
  if (found)
    return {
      guard: 'staging',
      outcome: 'passed',
      detail: `${sha.slice(0, 7)} deployed on ${stagingApp} (deployment ${found.id})`,
    };
  const saw = `no successful deployment of ${tag} (${sha.slice(0, 7)}) on ${stagingApp} among its last ${MAX_PAGES * PER_PAGE} deployments`;
  if (force) return { guard: 'staging', outcome: 'skipped', detail: `forced: ${saw}` };
  throw new GuardRefusal(
    'staging',
    saw,
    `Deploy ${sha.slice(0, 7)} to ${stagingApp} first and check it there. ${FORCE_HINT}`,
  );
}

export interface GuardInput {
  app: string;
  tag: string;
  version: SemVer;
  pattern: TagPattern;
  /** Empty: the repository's default branch. */
  branch?: string;
  stagingApp?: string;
  force: boolean;
}

export interface GuardOutcome {
  tagSha: string;
  branch: string;
  previous: PreviousRelease | null;
  checks: GuardCheck[];
}

/**
 * Every guard, in order, before anything changes. Read-only: only GETs reach GitHub and Scalingo.
 * `force` skips the version and staging guards (recorded as skipped), never the branch guard.
 * `seen` fills in as the guards learn things, so a refusal can still be reported in full.
 */
export async function runGuards(
  input: GuardInput,
  github: GuardGitHub,
  deployments: DeploymentsReader,
  seen: Partial<GuardOutcome> = {},
): Promise<GuardOutcome> {
  const checks: GuardCheck[] = [
    { guard: 'tag', outcome: 'passed', detail: `${input.tag} matches ${input.pattern.text}` },
  ];
  seen.checks = checks;
  // GitHubClient reports an unknown ref as a ConfigurationError of its own: say it is the `tag` input.
  const tagSha = await orNotFound(
    github.resolveCommit(input.tag),
    () =>
      inputError(
        'tag',
        `no tag or commit named '${input.tag}' exists in the repository`,
        'Push the tag first (`git push origin <tag>`), or fix its name.',
      ),
    (cause) => cause instanceof ConfigurationError,
  );
  seen.tagSha = tagSha;
  const branch = input.branch || (await github.repository()).defaultBranch;
  seen.branch = branch;
  checks.push(
    await orNotFound(checkReachable(github, branch, input.tag, tagSha), () =>
      inputError(
        'branch',
        `no branch named '${branch}' exists in the repository`,
        'Set `branch` to the branch releases are tagged from, or leave it empty for the default branch.',
      ),
    ),
  );
  const previous = await orNotFound(findPreviousRelease(deployments, github, input.app, input.pattern), () =>
    inputError(
      'app',
      `Scalingo has no app named '${input.app}' (or the token cannot see it)`,
      'Check the name in the dashboard or `scalingo apps`, and that the token belongs to a collaborator.',
    ),
  );
  seen.previous = previous;
  checks.push(checkVersion(input.tag, input.version, previous, input.force));
  if (input.stagingApp) {
    const stagingApp = input.stagingApp;
    checks.push(
      await orNotFound(checkStaging(deployments, stagingApp, input.tag, tagSha, input.force), () =>
        inputError(
          'staging-app',
          `Scalingo has no app named '${stagingApp}' (or the token cannot see it)`,
          'Check the name of the staging app, or leave `staging-app` empty.',
        ),
      ),
    );
  }
  return { tagSha, branch, previous, checks };
}

/** A 404 from either API means the user named something that does not exist: say which input. */
async function orNotFound<T>(
  call: Promise<T>,
  error: () => Error,
  missing: (cause: unknown) => boolean = () => false,
): Promise<T> {
  try {
    return await call;
  } catch (cause) {
    if ((cause as { status?: unknown }).status === 404 || missing(cause)) throw error();
    throw cause;
  }
}

export { tagForGitRef, type PreviousRelease } from './history.ts';
