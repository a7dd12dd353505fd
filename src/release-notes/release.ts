import type { Release } from '../github/types.ts';
import type { Logger } from '../shared/logger.ts';
import { publishDraftRelease, upsertDraftRelease } from './draft.ts';
import type { DraftApi, DraftOutcome } from './draft.ts';
import type { ReleaseNotes } from './index.ts';

export interface WriteOptions {
  publish: boolean;
  dryRun: boolean;
  tagPrefix: string;
}

export interface WriteResult {
  outcome: DraftOutcome | 'published';
  release?: Release;
}

/** Puts the notes in the tag's one draft release, and publishes it when asked. */
export async function writeRelease(
  github: DraftApi,
  notes: ReleaseNotes,
  options: WriteOptions,
  logger: Logger,
): Promise<WriteResult> {
  const draft = await upsertDraftRelease(
    github,
    {
      tag: notes.tag,
      body: notes.body,
      targetSha: notes.targetSha,
      prerelease: notes.version.includes('-'),
      adoptOwnDraftsAbove: notes.previousVersion
        ? {
            version: notes.previousVersion,
            tagPrefix: options.tagPrefix,
            ...(notes.proposed ? {} : { upTo: notes.version }),
          }
        : undefined,
      dryRun: options.dryRun,
    },
    logger,
  );
  if (draft.release) logger.info(`Draft release ${notes.tag}: ${draft.outcome} (${draft.release.htmlUrl})`);
  if (!options.publish || options.dryRun || !draft.release || !draft.release.draft) return draft;
  const release = await publishDraftRelease(github, draft.release);
  logger.info(`Published release ${notes.tag}: ${release.htmlUrl}`);
  return { outcome: 'published', release };
}
