// One pull-request comment per review app, kept up to date (facts B3: the sticky-comment idiom):
// found by a hidden marker, edited in place, never duplicated. Two runs at once may both create one;
// the later finds the earlier and removes its own.
import type { GitHubClient } from '../github/client.ts';
import type { Logger } from '../shared/logger.ts';
import { escapeHtml } from '../shared/markdown.ts';

export const COMMENT_MARKER = '<!-- scalingo-actions:review-app -->';

export type CommentGitHub = Pick<GitHubClient, 'comments' | 'createComment' | 'updateComment' | 'deleteComment'>;

export interface ReviewAppCard {
  app: string;
  url?: string;
  sha?: string;
  repoUrl: string;
  status: string;
  /** Seed or restore results, one line each (plain text, escaped here). */
  seed?: string[];
  /** What failed, when something did (plain text, escaped here). */
  problem?: string;
  updatedAt: Date;
  runUrl: string;
}

export function renderComment(card: ReviewAppCard): string {
  const lines = [`### Review app \`${card.app}\`: ${card.status}`, ''];
  if (card.url) lines.push(`- URL: ${card.url}`);
  if (card.sha) lines.push(`- Commit: [\`${card.sha.slice(0, 7)}\`](${card.repoUrl}/commit/${card.sha})`);
  for (const line of card.seed ?? []) lines.push(`- ${escapeHtml(line)}`);
  if (card.problem) lines.push('', `> ${escapeHtml(card.problem).split('\n').join('\n> ')}`);
  const at = card.updatedAt.toISOString().slice(0, 16).replace('T', ' ');
  lines.push('', `<sub>Updated ${at} UTC by [this run](${card.runUrl}).</sub>`, COMMENT_MARKER);
  return lines.join('\n');
}

/** Creates or edits the one comment; returns its URL. A GitHub failure here is only a warning. */
export async function upsertComment(
  github: CommentGitHub,
  logger: Logger,
  pullRequest: number,
  body: string,
): Promise<string | undefined> {
  try {
    const ours = (await github.comments(pullRequest)).filter((c) => c.body.includes(COMMENT_MARKER));
    const [first, ...duplicates] = ours;
    if (!first) {
      const created = await github.createComment(pullRequest, body);
      const again = (await github.comments(pullRequest)).filter((c) => c.body.includes(COMMENT_MARKER));
      // Another run made one first: keep the oldest, drop ours.
      const oldest = again[0];
      if (oldest && oldest.id !== created.id) {
        await github.deleteComment(created.id);
        return (await github.updateComment(oldest.id, body)).htmlUrl;
      }
      return created.htmlUrl;
    }
    for (const duplicate of duplicates) await github.deleteComment(duplicate.id);
    if (first.body === body) return first.htmlUrl;
    return (await github.updateComment(first.id, body)).htmlUrl;
  } catch (error) {
    logger.warning(
      `Could not update the review app comment on #${pullRequest}: ${(error as Error).message}. Give the job \`permissions: { pull-requests: write }\`.`,
    );
    return undefined;
  }
}
