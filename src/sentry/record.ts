// A release recorded in Sentry in getsentry/action-release's order (facts A9): create the release,
// associate its commits, create the deploy, finalize. Each step that fails says what is left to do.
import { firstLine } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { SentryApi, SentryRef } from './client.ts';
import { SentryApiError } from './errors.ts';

export interface SentryReleaseInput {
  /** The release name, as the app's Sentry SDK reports it. */
  name: string;
  projects: string[];
  environment: string;
  /** owner/repo on GitHub: the repository Sentry's integration links. */
  repository: string;
  sha: string;
  /** The commit the environment ran before, for `previousCommit`. */
  previousSha?: string;
  /** The release's page (GitHub release, or the commit). */
  url?: string;
  deployName?: string;
  /** The workflow run that deployed it. */
  deployUrl?: string;
  startedAt: Date;
  finishedAt: Date;
}

export interface SentryRecord {
  name: string;
  /** false when the release existed already (208): not an error. */
  created: boolean;
  /** How the commits went: "associated (12 commits)" or why not. */
  commits: string;
  deployId: string;
  projectIds: string[];
  releaseUrl: string;
}

/** Sentry stopped the sequence: what was done, and the rest as commands to run by hand. */
export class SentryStepError extends Error {
  override readonly name = 'SentryStepError';
  readonly userFacing = true;
  readonly done: string[];
  readonly left: string[];
  /** Known once the release exists: the watch can still run. */
  readonly projectIds: string[];

  constructor(step: string, cause: unknown, done: string[], left: string[], projectIds: string[] = []) {
    const hint = cause instanceof SentryApiError && cause.hint ? ` ${cause.hint}` : '';
    super(`Sentry: ${step} failed: ${firstLine(cause)}.${hint}`, { cause });
    this.done = done;
    this.left = left;
    this.projectIds = projectIds;
  }
}

function leftCommands(input: SentryReleaseInput): {
  commits: string;
  deploy: string;
  finalize: string;
  release: string;
} {
  const name = JSON.stringify(input.name);
  const range = input.previousSha ? `${input.previousSha}..${input.sha}` : input.sha;
  return {
    release: `sentry-cli releases new ${input.projects.map((p) => `-p ${p}`).join(' ')} ${name}`,
    commits: `sentry-cli releases set-commits ${name} --commit "${input.repository}@${range}"`,
    deploy: `sentry-cli deploys new -r ${name} -e ${input.environment}`,
    finalize: `sentry-cli releases finalize ${name}`,
  };
}

/** The refs of the release, with the repository named as Sentry knows it (matched without case, as sentry-cli). */
async function associateCommits(sentry: SentryApi, logger: Logger, input: SentryReleaseInput): Promise<string> {
  let repository = input.repository;
  try {
    const linked = await sentry.repositories();
    const match = linked.find((name) => name.toLowerCase() === input.repository.toLowerCase());
    if (!match) {
      return `not associated: ${input.repository} is not linked to the Sentry organization ${sentry.org} (Settings > Integrations > GitHub)`;
    }
    repository = match;
  } catch (error) {
    // A token that may not list repositories can still set refs: send them as GitHub names the repository.
    if (!(error instanceof SentryApiError && (error.status === 403 || error.status === 404))) throw error;
    logger.debug(`Could not list Sentry's repositories (${firstLine(error)}); sending the refs as they are.`);
  }
  const ref: SentryRef = {
    repository,
    commit: input.sha,
    ...(input.previousSha && input.previousSha !== input.sha ? { previousCommit: input.previousSha } : {}),
  };
  try {
    const release = await sentry.setCommits(input.name, [ref]);
    return `associated (${release.commitCount} commit(s))`;
  } catch (error) {
    // Sentry refusing these refs (an unknown commit or repository) leaves the release without commits, nothing more.
    if (error instanceof SentryApiError && error.status === 400) return `not associated: ${error.detail}`;
    throw error;
  }
}

export async function recordSentryRelease(
  sentry: SentryApi,
  logger: Logger,
  input: SentryReleaseInput,
): Promise<SentryRecord> {
  const todo = leftCommands(input);
  let created: boolean;
  let projectIds: string[];
  try {
    const answer = await sentry.createRelease({
      version: input.name,
      projects: input.projects,
      ...(input.url ? { url: input.url } : {}),
      dateStarted: input.startedAt.toISOString(),
    });
    created = answer.created;
    projectIds = answer.release.projects.map((p) => p.id);
  } catch (error) {
    throw new SentryStepError(
      'creating the release',
      error,
      [],
      [todo.release, todo.commits, todo.deploy, todo.finalize],
    );
  }
  logger.info(`Sentry release ${input.name}: ${created ? 'created' : 'already there'}`);
  const done = [created ? `release ${input.name} created` : `release ${input.name} already there`];
  let commits: string;
  try {
    commits = await associateCommits(sentry, logger, input);
  } catch (error) {
    throw new SentryStepError(
      'associating the commits',
      error,
      done,
      [todo.commits, todo.deploy, todo.finalize],
      projectIds,
    );
  }
  logger.info(`Sentry commits: ${commits}`);
  done.push(`commits ${commits}`);
  let deployId: string;
  try {
    const deploy = await sentry.createDeploy(input.name, {
      environment: input.environment,
      ...(input.deployName ? { name: input.deployName.slice(0, 64) } : {}),
      ...(input.deployUrl ? { url: input.deployUrl } : {}),
      dateStarted: input.startedAt.toISOString(),
      dateFinished: input.finishedAt.toISOString(),
    });
    deployId = deploy.id;
  } catch (error) {
    throw new SentryStepError('recording the deploy', error, done, [todo.deploy, todo.finalize], projectIds);
  }
  done.push(`deploy to ${input.environment} recorded`);
  try {
    await sentry.finalize(input.name, input.finishedAt.toISOString());
  } catch (error) {
    throw new SentryStepError('finalizing the release', error, done, [todo.finalize], projectIds);
  }
  return { name: input.name, created, commits, deployId, projectIds, releaseUrl: sentry.releaseUrl(input.name) };
}
