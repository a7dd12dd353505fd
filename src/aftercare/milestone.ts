// The release's milestone (facts B2): titled with the version, with or without the tag's prefix as
// the team names them; the release's pull requests put in it, then closed. GitHub has no title
// filter, so every milestone is listed and matched here; an assignment GitHub silently dropped (no
// push access) is caught by listing the milestone again.
import { GitHubApiError } from '../github/errors.ts';
import type { Milestone } from '../github/types.ts';
import type { Logger } from '../shared/logger.ts';
import type { AftercareGitHub, MilestoneMode } from './params.ts';
import { ChoreError, numbers, reason } from './pace.ts';

export interface MilestoneOutcome {
  milestone?: Milestone;
  created: boolean;
  assigned: number[];
  /** Already closed before this run. */
  wasClosed: boolean;
  /** Set when there was nothing to do (no milestone with `close`). */
  notice?: string;
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** The tag's own title, unless the team's milestones are bare versions (1.2.0 rather than v1.2.0). */
function titleFor(milestones: Milestone[], tag: string, version: string): string {
  const bare = milestones.filter((m) => SEMVER.test(m.title)).length;
  const prefix = tag.endsWith(version) ? tag.slice(0, tag.length - version.length) : '';
  const prefixed = milestones.filter(
    (m) => prefix && m.title.startsWith(prefix) && SEMVER.test(m.title.slice(prefix.length)),
  ).length;
  return bare > prefixed ? version : tag;
}

function find(milestones: Milestone[], tag: string, version: string, anyCase = false): Milestone | undefined {
  const same = (title: string, wanted: string) =>
    anyCase ? title.toLowerCase() === wanted.toLowerCase() : title === wanted;
  return milestones.find((m) => same(m.title, tag)) ?? milestones.find((m) => same(m.title, version));
}

export async function closeReleaseMilestone(
  github: Pick<
    AftercareGitHub,
    'milestones' | 'createMilestone' | 'closeMilestone' | 'setMilestone' | 'milestoneIssues'
  >,
  logger: Logger,
  input: { mode: Exclude<MilestoneMode, 'off'>; tag: string; version: string; pullRequests: number[] },
  pace: () => Promise<void>,
): Promise<MilestoneOutcome> {
  const { tag, version, pullRequests } = input;
  const named = tag === version ? tag : `${tag} or ${version}`;
  let milestone: Milestone | undefined;
  let created = false;
  const left = (what: string) => [`${what}, then close it (Issues > Milestones).`];
  try {
    const all = await github.milestones();
    milestone = find(all, tag, version);
    if (!milestone && input.mode === 'close') {
      return {
        created,
        assigned: [],
        wasClosed: false,
        notice: `No milestone named ${named}: nothing to close (\`milestone: create-and-close\` creates it).`,
      };
    }
    if (!milestone) {
      await pace();
      try {
        milestone = await github.createMilestone(titleFor(all, tag, version));
        created = true;
      } catch (error) {
        // A 422 says the title is taken (perhaps in another case): the existing one is the release's.
        if (!(error instanceof GitHubApiError && error.status === 422)) throw error;
        milestone = find(await github.milestones(), tag, version, true);
        if (!milestone) throw error;
      }
    }
  } catch (error) {
    if (error instanceof ChoreError) throw error;
    throw new ChoreError(
      `The milestone ${named} could not be read or created: ${reason(error)}`,
      left(`Create the milestone ${tag}, put ${numbers(pullRequests)} in it`),
      error,
    );
  }
  const m = milestone;
  const assigned: number[] = [];
  try {
    const inside = new Set(await github.milestoneIssues(m.number));
    const missing = pullRequests.filter((n) => !inside.has(n));
    for (const number of missing) {
      await pace();
      await github.setMilestone(number, m.number);
      assigned.push(number);
    }
    if (missing.length > 0) {
      const now = new Set(await github.milestoneIssues(m.number));
      const dropped = missing.filter((n) => !now.has(n));
      if (dropped.length > 0) {
        throw new ChoreError(
          `GitHub ignored putting ${numbers(dropped)} in the milestone ${m.title}: the token lacks push access (give the job \`permissions: { issues: write, pull-requests: write }\`).`,
          left(`Put ${numbers(dropped)} in the milestone ${m.title} (${m.htmlUrl})`),
        );
      }
    }
    if (m.state === 'open') {
      await pace();
      await github.closeMilestone(m.number);
    }
  } catch (error) {
    if (error instanceof ChoreError) throw error;
    const rest = pullRequests.filter((n) => !assigned.includes(n));
    throw new ChoreError(
      `The milestone ${m.title}: ${assigned.length} pull request(s) put in it, then GitHub failed: ${reason(error)}`,
      left(`Put ${numbers(rest)} in the milestone ${m.title} (${m.htmlUrl}) if they are not`),
      error,
    );
  }
  logger.info(
    `Milestone ${m.title}: ${created ? 'created, ' : ''}${assigned.length} pull request(s) put in it, ${m.state === 'open' ? 'closed' : 'already closed'} (${m.htmlUrl})`,
  );
  return { milestone: m, created, assigned, wasClosed: m.state === 'closed' };
}
