import type { Logger } from '../shared/logger.ts';
import type { Release } from '../github/types.ts';
import type { ReleaseGitHub } from './ports.ts';

export interface PublishInput {
  tag: string;
  sha: string;
  prerelease: boolean;
  app: string;
  appUrl: string;
  runUrl: string;
  deployedAt: Date;
}

export type NotesGenerator = (tag: string) => Promise<string>;

/** "Deployed to my-app (https://…) at 2026-11-23 19:40 UTC": where and when production got it. */
export function deployedLine(input: Pick<PublishInput, 'app' | 'appUrl' | 'runUrl' | 'deployedAt'>): string {
  const at = input.deployedAt.toISOString().slice(0, 16).replace('T', ' ');
  return `Deployed to ${input.app} (${input.appUrl}) at ${at} UTC ([workflow run](${input.runUrl})).`;
}

function withDeployedLine(body: string, line: string): string {
  const trimmed = body.trimEnd();
  return trimmed ? `${trimmed}\n\n${line}\n` : `${line}\n`;
}

/**
 * Publishes the release for the tag once production runs it: the draft release-notes prepared when
 * there is one (never a duplicate), otherwise a release with notes generated now.
 */
export async function publishRelease(
  github: ReleaseGitHub,
  generateNotes: NotesGenerator,
  logger: Logger,
  input: PublishInput,
): Promise<{ release: Release; from: 'draft' | 'existing' | 'generated' }> {
  const line = deployedLine(input);
  const existing = await github.findRelease(input.tag);
  if (existing) {
    const release = await github.updateRelease(existing.id, {
      body: withDeployedLine(existing.body, line),
      draft: false,
    });
    logger.info(`${existing.draft ? 'Published the draft release' : 'Updated the release'} ${release.htmlUrl}`);
    return { release, from: existing.draft ? 'draft' : 'existing' };
  }
  let notes: string;
  try {
    notes = await generateNotes(input.tag);
  } catch (error) {
    // Production already runs the tag: a release with less text beats no release at all.
    logger.warning(
      `Could not generate release notes for ${input.tag} (${(error as Error).message}); publishing the release without them.`,
    );
    notes = `Release ${input.tag}.`;
  }
  const release = await github.createRelease({
    tag: input.tag,
    name: input.tag,
    body: withDeployedLine(notes, line),
    draft: false,
    prerelease: input.prerelease,
    targetCommitish: input.sha,
  });
  logger.info(`Published release ${release.htmlUrl} (no draft existed: notes generated now)`);
  return { release, from: 'generated' };
}
