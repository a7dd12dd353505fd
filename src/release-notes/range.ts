import type { SemVer } from 'semver';
import type { GitHubClient } from '../github/client.ts';
import type { Comparison } from '../github/types.ts';
import { ConfigurationError, inputError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { isAncestor } from './history.ts';
import type { LocalGit } from './local-git.ts';
import { parseVersionTag, previousCandidates, versionTags } from './versions.ts';

export type RangeApi = Pick<GitHubClient, 'compare' | 'tags' | 'resolveCommit'>;

export interface RangeRequest {
  github: RangeApi;
  git?: LocalGit;
  logger: Logger;
  /** The tag being released; without it the notes run up to `head` and propose a next version. */
  tag?: string;
  /** The branch head (a SHA or ref) when there is no tag, or when the tag does not exist yet. */
  head: string;
  previousTag?: string;
  tagPrefix: string;
}

export interface ReleaseRange {
  tag?: string;
  version: SemVer | null;
  targetSha: string;
  previousTag?: string;
  previousSha?: string;
  previousVersion: SemVer | null;
  /** The compare API's answer for previous...target when the ancestry check already fetched it. */
  comparison?: Comparison;
}

async function resolve(request: RangeRequest, ref: string): Promise<string | undefined> {
  if (request.git) return request.git.resolve(ref);
  try {
    return await request.github.resolveCommit(ref);
  } catch (error) {
    if (error instanceof ConfigurationError) return undefined;
    throw error;
  }
}

/** Finds the target commit and the previous release: the highest version tag below it that is its ancestor. */
export async function resolveRange(request: RangeRequest): Promise<ReleaseRange> {
  const { tag, tagPrefix, logger } = request;
  const version = tag === undefined ? null : parseVersionTag(tag, tagPrefix);
  if (tag !== undefined && version === null) {
    throw inputError(
      'tag',
      `'${tag}' is not a version tag with the prefix '${tagPrefix}'`,
      `Use a tag like ${tagPrefix}1.4.0 (semver after the prefix), or set 'tag-prefix' to the prefix your tags use.`,
    );
  }
  // The tag list gives the tag's commit too: no separate lookup for it.
  const tags = request.git ? await request.git.tags() : await request.github.tags();
  let targetSha = tag === undefined ? undefined : tags.find((t) => t.name === tag)?.sha;
  if (tag !== undefined && targetSha === undefined)
    logger.info(`Tag ${tag} does not exist yet: the notes cover the history up to ${request.head}.`);
  targetSha ??= await resolve(request, request.head);
  if (targetSha === undefined)
    throw new ConfigurationError(
      `The commit '${request.head}' is not in this repository. Check out the repository (actions/checkout) or give an existing 'tag'.`,
    );

  if (request.previousTag !== undefined) {
    const previous = tags.find((t) => t.name === request.previousTag);
    if (!previous) {
      throw inputError(
        'previous-tag',
        `the tag '${request.previousTag}' does not exist`,
        'Give an existing tag (git tag --list), or leave it empty to use the previous version tag.',
      );
    }
    const check = await isAncestor(request, previous.sha, targetSha);
    if (!check.ancestor) {
      throw inputError(
        'previous-tag',
        `'${previous.name}' is not an ancestor of ${tag ?? request.head}`,
        'Give a tag on the history of the release (an earlier release of the same branch).',
      );
    }
    return withComparison(
      {
        tag,
        version,
        targetSha,
        previousTag: previous.name,
        previousSha: previous.sha,
        previousVersion: parseVersionTag(previous.name, tagPrefix),
      },
      check.comparison,
    );
  }
  const shaOf = new Map(tags.map((t) => [t.name, t.sha]));
  const candidates = previousCandidates(
    versionTags(
      tags.map((t) => t.name).filter((name) => name !== tag),
      tagPrefix,
    ),
    version,
  );
  for (const candidate of candidates) {
    const sha = shaOf.get(candidate.name)!;
    const check = await isAncestor(request, sha, targetSha);
    if (check.ancestor) {
      return withComparison(
        { tag, version, targetSha, previousTag: candidate.name, previousSha: sha, previousVersion: candidate.version },
        check.comparison,
      );
    }
    logger.debug(`${candidate.name} is not an ancestor of the release: skipped`);
  }
  logger.info('No earlier version tag in the history: the notes cover everything up to the release.');
  return { tag, version, targetSha, previousVersion: null };
}

function withComparison(range: ReleaseRange, comparison: Comparison | undefined): ReleaseRange {
  return comparison ? { ...range, comparison } : range;
}
