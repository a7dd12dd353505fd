// "Released in v1.3.0, live on shop since …" on every pull request of the release, once: a hidden
// marker finds the comment a previous run wrote, so a rerun adds nothing. One pull request after the
// other, a paced write each (facts B3, B7); a create whose answer was lost is looked for before it
// is sent again.
import { GitHubApiError } from '../github/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { AftercareGitHub, AftercareRelease } from './params.ts';
import { ChoreError, numbers, reason } from './pace.ts';

/** The hidden line a released comment carries: one per pull request and tag. */
export function releasedMarker(tag: string): string {
  return `<!-- scalingo-actions:released ${tag} -->`;
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function releasedCommentBody(release: AftercareRelease): string {
  const where = release.app
    ? `, live on ${release.appUrl ? `[${release.app}](${release.appUrl})` : release.app} since ${utc(release.liveSince)}`
    : ` on ${utc(release.liveSince)}`;
  return `Released in [${release.tag}](${release.releaseUrl})${where}.\n\n${releasedMarker(release.tag)}\n`;
}

export interface CommentOutcome {
  commented: number[];
  /** Commented by an earlier run. */
  already: number[];
  /** Numbers GitHub does not know as an issue or pull request (404). */
  missing: number[];
}

const outcomeUnknown = (error: unknown) =>
  error instanceof GitHubApiError && (error.status === 0 || error.status >= 500);

export async function commentReleased(
  github: Pick<AftercareGitHub, 'comments' | 'createComment'>,
  logger: Logger,
  release: AftercareRelease,
  pullRequests: number[],
  pace: () => Promise<void>,
): Promise<CommentOutcome> {
  const marker = releasedMarker(release.tag);
  const body = releasedCommentBody(release);
  const outcome: CommentOutcome = { commented: [], already: [], missing: [] };
  const hasMarker = async (n: number) => (await github.comments(n)).some((c) => c.body.includes(marker));
  for (const [index, number] of pullRequests.entries()) {
    const left = () => pullRequests.slice(index);
    try {
      if (await hasMarker(number)) {
        outcome.already.push(number);
        continue;
      }
      await pace();
      try {
        await github.createComment(number, body);
      } catch (error) {
        // GitHub may have posted it before the answer was lost: look before posting again.
        if (!outcomeUnknown(error)) throw error;
        if (!(await hasMarker(number))) {
          logger.debug(`Commenting on #${number} failed (${reason(error)}); it is not there: posting it again.`);
          await pace();
          await github.createComment(number, body);
        }
      }
      outcome.commented.push(number);
    } catch (error) {
      if (error instanceof GitHubApiError && error.status === 404) {
        outcome.missing.push(number);
        continue;
      }
      const permission = error instanceof GitHubApiError && error.status === 403 && !/rate limit/i.test(error.message);
      throw new ChoreError(
        `Commented on ${outcome.commented.length} of ${pullRequests.length} pull request(s), then GitHub refused #${number}: ${reason(error)}` +
          (permission ? ' Give the job `permissions: { pull-requests: write }`.' : ''),
        [
          `Comment "Released in ${release.tag}" on ${numbers(left())} (or run the release again: commented ones are skipped).`,
        ],
        error,
      );
    }
  }
  if (outcome.missing.length > 0)
    logger.info(`Not commented: ${numbers(outcome.missing)} (GitHub knows no such pull request any more).`);
  return outcome;
}
