import type { ReleaseNotes } from './index.ts';
import type { WriteResult } from './release.ts';

const OUTCOME: Record<WriteResult['outcome'], string> = {
  created: 'draft created',
  updated: 'draft updated',
  unchanged: 'draft already up to date',
  'already-published': 'already published, left as it is',
  'would-create': 'dry run: a draft would be created',
  'would-update': 'dry run: the draft would be updated',
  published: 'published',
};

/** The job summary: what was decided, where the release is, then the notes themselves. */
export function renderSummary(notes: ReleaseNotes, written: WriteResult): string {
  const prs = notes.changes.filter((c) => c.kind === 'pull-request').length;
  const release = written.release
    ? `[${OUTCOME[written.outcome]}](${written.release.htmlUrl})`
    : OUTCOME[written.outcome];
  return [
    `## Release notes for ${notes.tag}`,
    '',
    '| | |',
    '|---|---|',
    `| Version | ${notes.version} |`,
    `| Previous version | ${notes.previousVersion ?? 'none'} |`,
    `| Proposed next version | ${notes.nextVersion} |`,
    `| Range | ${notes.commitCount} commit(s), ${prs} pull request(s), from ${notes.history === 'local' ? 'the local history' : 'the compare API'} |`,
    `| Release | ${release} |`,
    '',
    notes.body,
  ].join('\n');
}
