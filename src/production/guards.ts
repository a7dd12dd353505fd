import semver from 'semver';
import type { SemVer } from 'semver';
import { ConfigurationError, inputError } from '../shared/errors.ts';
import type { Deployment } from '../scalingo/types.ts';
import type { Tag } from '../github/types.ts';
import type { DeploymentsReader, GuardGitHub } from './ports.ts';
import { versionOfTag } from './version.ts';
import type { TagPattern } from './version.ts';

export type GuardName = 'tag' | 'branch' | 'version' | 'staging' | 'concurrency';

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

/** What production ran before this release: the rollback target and the version to beat. */
export interface PreviousRelease {
  deploymentId: string;
  gitRef: string;
  tag: string | null;
  version: SemVer | null;
}

const FORCE_HINT =
  'To release anyway, run the workflow from workflow_dispatch with `force: true` (the backup still runs).';
const MAX_PAGES = 5;
const PER_PAGE = 50;

/** Newest first, stopping at the first deployment `match` accepts. */
export async function findDeployment(
  deployments: DeploymentsReader,
  app: string,
  match: (d: Deployment) => boolean,
): Promise<Deployment | null> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const result = await deployments.list(app, { page, perPage: PER_PAGE });
    const found = result.deployments.find(match);
    if (found) return found;
    if (!result.pagination?.next_page || result.deployments.length === 0) return null;
  }
  return null;
}

function sameCommit(gitRef: string | null, sha: string, tag?: string): boolean {
  if (!gitRef) return false;
  if (gitRef === sha || (tag !== undefined && gitRef === tag)) return true;
  return /^[0-9a-f]{7,39}$/i.test(gitRef) && sha.toLowerCase().startsWith(gitRef.toLowerCase());
}

/** The highest version among the tags naming `gitRef` (a tag name or a commit SHA). */
export function tagForGitRef(
  pattern: TagPattern,
  tags: Tag[],
  gitRef: string,
): { tag: string; version: SemVer } | null {
  // Production may have run a prerelease earlier even when this release may not be one.
  const lenient = { ...pattern, allowPrerelease: true };
  const candidates = tags.filter((t) => t.name === gitRef || sameCommit(gitRef, t.sha));
  let best: { tag: string; version: SemVer } | null = null;
  for (const candidate of candidates) {
    const parsed = versionOfTag(lenient, candidate.name);
    if ('version' in parsed && (!best || semver.gt(parsed.version, best.version)))
      best = { tag: candidate.name, version: parsed.version };
  }
  return best;
}

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

/** Production's last successful deployment, with the tag its git_ref stands for (null when none). */
export async function findPreviousRelease(
  deployments: DeploymentsReader,
  github: GuardGitHub,
  app: string,
  pattern: TagPattern,
): Promise<PreviousRelease | null> {
  const last = await findDeployment(deployments, app, (d) => d.status === 'success' && Boolean(d.git_ref));
  if (!last?.git_ref) return null;
  const named = tagForGitRef(pattern, await github.tags(), last.git_ref);
  return { deploymentId: last.id, gitRef: last.git_ref, tag: named?.tag ?? null, version: named?.version ?? null };
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
    (d) => d.status === 'success' && sameCommit(d.git_ref, sha, tag),
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
