import { escapeInline, mention } from './escape.ts';
import { displayTitle } from './pull-request.ts';
import type { Change, PullRequest } from './pull-request.ts';
import type { Section } from './categorise.ts';
import type { Strings } from './strings.ts';

export interface RenderInput {
  sections: Section[];
  /** Pull requests whose author had never had one merged before, in merge order. */
  newContributors: PullRequest[];
  /** https://github.com/o/r */
  repoUrl: string;
  /** The compare (or history) link of the range. */
  changelogUrl: string;
  strings: Strings;
}

function prLink(pr: PullRequest): string {
  return `[#${pr.number}](${pr.url})`;
}

function line(change: Change, repoUrl: string, strings: Strings): string {
  if (change.kind === 'commit') {
    // No author here: local history knows names, not GitHub accounts, and the notes read the same either way.
    return `- ${escapeInline(change.subject)} ${strings.in} [${change.sha.slice(0, 7)}](${repoUrl}/commit/${change.sha})`;
  }
  const pr = change.pullRequest;
  const author = pr.author ? ` ${strings.by} ${mention(pr.author)}` : '';
  return `- ${escapeInline(displayTitle(pr))}${author} ${strings.in} ${prLink(pr)}`;
}

/** The release body: one `##` section per category, new contributors, the Full Changelog link. */
export function renderNotes(input: RenderInput): string {
  const { strings, repoUrl } = input;
  const parts: string[] = [];
  for (const section of input.sections) {
    parts.push(
      `## ${escapeInline(section.title)}\n\n${section.changes.map((c) => line(c, repoUrl, strings)).join('\n')}`,
    );
  }
  if (parts.length === 0) parts.push(strings.noChanges);
  if (input.newContributors.length > 0) {
    const lines = input.newContributors.map(
      (pr) => `- ${strings.firstContribution(mention(pr.author ?? 'ghost'), prLink(pr))}`,
    );
    parts.push(`## ${strings.newContributors}\n\n${lines.join('\n')}`);
  }
  parts.push(`**${strings.fullChangelog}**: ${input.changelogUrl}`);
  return `${parts.join('\n\n')}\n`;
}
