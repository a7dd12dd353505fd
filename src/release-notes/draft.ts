import type { GitHubClient } from '../github/client.ts';
import type { Release } from '../github/types.ts';
import type { Logger } from '../shared/logger.ts';
import semver from 'semver';
import { parseVersionTag } from './versions.ts';

export type DraftApi = Pick<GitHubClient, 'releases' | 'createRelease' | 'updateRelease'>;

/** Marks the drafts this action wrote, so a draft proposed for another next version is reused, not duplicated. */
export const DRAFT_MARKER = '<!-- scalingo-actions:release-notes -->';

export interface DraftRequest {
  tag: string;
  body: string;
  targetSha: string;
  prerelease: boolean;
  /**
   * Drafting from a branch head: our own draft for another version above this one (say v1.22.1,
   * before a feature made it v1.23.0) is renamed rather than left beside a new one. For a pushed
   * tag, `upTo` is its version: a patch tagged on a maintenance branch never takes main's draft.
   */
  adoptOwnDraftsAbove?: { version: string; tagPrefix: string; upTo?: string } | undefined;
  dryRun?: boolean;
}

export type DraftOutcome = 'created' | 'updated' | 'unchanged' | 'already-published' | 'would-create' | 'would-update';

export interface DraftResult {
  outcome: DraftOutcome;
  /** Undefined only when a dry run would create one. */
  release?: Release;
}

function findDraft(releases: Release[], request: DraftRequest): Release | undefined {
  const exact = releases.find((r) => r.tagName === request.tag);
  if (exact || !request.adoptOwnDraftsAbove) return exact;
  const { version, tagPrefix, upTo } = request.adoptOwnDraftsAbove;
  return releases.find((r) => {
    const v = parseVersionTag(r.tagName, tagPrefix);
    return (
      r.draft &&
      r.body.includes(DRAFT_MARKER) &&
      v !== null &&
      semver.gt(v, version) &&
      (upTo === undefined || semver.lte(v, upTo))
    );
  });
}

/**
 * Creates or updates the one draft release of the tag. The list is searched because
 * GET /releases/tags/{tag} never returns drafts; a published release is left alone.
 */
export async function upsertDraftRelease(
  github: DraftApi,
  request: DraftRequest,
  logger: Logger,
): Promise<DraftResult> {
  const body = `${request.body.trimEnd()}\n\n${DRAFT_MARKER}\n`;
  const existing = findDraft(await github.releases(), request);
  if (existing && !existing.draft) {
    logger.warning(`The release ${existing.tagName} is already published (${existing.htmlUrl}): left as it is.`);
    return { outcome: 'already-published', release: existing };
  }
  if (existing) {
    const same =
      existing.tagName === request.tag &&
      existing.name === request.tag &&
      existing.body === body &&
      existing.prerelease === request.prerelease;
    if (same) return { outcome: 'unchanged', release: existing };
    if (request.dryRun) return { outcome: 'would-update', release: existing };
    if (existing.tagName !== request.tag) logger.info(`Renaming the draft ${existing.tagName} to ${request.tag}`);
    const release = await github.updateRelease(existing.id, {
      tag: request.tag,
      name: request.tag,
      body,
      prerelease: request.prerelease,
      targetCommitish: request.targetSha,
    });
    return { outcome: 'updated', release };
  }
  if (request.dryRun) return { outcome: 'would-create' };
  const release = await github.createRelease({
    tag: request.tag,
    name: request.tag,
    body,
    draft: true,
    prerelease: request.prerelease,
    targetCommitish: request.targetSha,
  });
  return { outcome: 'created', release };
}

/** Publishes a draft (creating the tag at its target when it does not exist yet). */
export async function publishDraftRelease(github: Pick<DraftApi, 'updateRelease'>, draft: Release): Promise<Release> {
  if (!draft.draft) return draft;
  return github.updateRelease(draft.id, { draft: false });
}
