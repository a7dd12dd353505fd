import { ConfigurationError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { bumpFor, categorise } from './categorise.ts';
import { collectChanges } from './collect.ts';
import type { PullRequestLookup } from './collect.ts';
import { newContributors } from './contributors.ts';
import type { FirstPullRequests } from './contributors.ts';
import { commitsInRange } from './history.ts';
import type { LocalGit } from './local-git.ts';
import type { Change } from './pull-request.ts';
import { resolveRange } from './range.ts';
import type { RangeApi } from './range.ts';
import type { ReleaseConfig } from './release-config.ts';
import { renderNotes } from './render.ts';
import { STRINGS } from './strings.ts';
import type { Language } from './strings.ts';
import { nextVersion } from './versions.ts';

export type ReleaseNotesGitHub = RangeApi & PullRequestLookup;

export interface GenerateOptions {
  github: ReleaseNotesGitHub;
  /** The checkout's history (LocalGit.open), when it has it: commits, tags and ancestry cost no API call. */
  git?: LocalGit;
  logger: Logger;
  /** https://github.com/owner/repo */
  repoUrl: string;
  tag?: string;
  /** The branch head: the end of the range without a tag, or while the tag does not exist yet. */
  head: string;
  previousTag?: string;
  tagPrefix?: string;
  language?: Language;
  /** Parsed .github/release.yml; the built-in categories without it. */
  config?: ReleaseConfig;
  /** Tells new contributors (searchFirstPullRequests); without it only a first release lists them. */
  firstPullRequests?: FirstPullRequests;
}

export interface ReleaseNotes {
  body: string;
  /** The tag the release is for: the given one, or `<prefix><next-version>` from a branch head. */
  tag: string;
  /** True when `tag` is the proposed next version (no tag was given). */
  proposed: boolean;
  version: string;
  previousTag?: string;
  previousVersion?: string;
  nextVersion: string;
  targetSha: string;
  changes: Change[];
  commitCount: number;
  history: 'local' | 'api';
}

/** The numbers of the release's merged pull requests, oldest first: who the released comments and the milestone are for. */
export function pullRequestNumbers(notes: Pick<ReleaseNotes, 'changes'>): number[] {
  return notes.changes.flatMap((c) => (c.kind === 'pull-request' ? [c.pullRequest.number] : []));
}

function tagUrlPart(ref: string): string {
  return encodeURIComponent(ref).replace(/%2F/g, '/');
}

/** The whole engine: range, commits, pull requests, categories, markdown. Writes nothing. */
export async function generateReleaseNotes(options: GenerateOptions): Promise<ReleaseNotes> {
  const { github, logger } = options;
  const tagPrefix = options.tagPrefix ?? 'v';
  const strings = STRINGS[options.language ?? 'en'];
  let git = options.git;
  if (
    git &&
    (await git.resolve(options.tag ?? options.head)) === undefined &&
    (await git.resolve(options.head)) === undefined
  ) {
    logger.info('The checkout does not have the release commit: reading the history through the GitHub API.');
    git = undefined;
  }
  const source = git ? { git, github } : { github };
  const range = await resolveRange({
    ...source,
    logger,
    head: options.head,
    tagPrefix,
    ...(options.tag ? { tag: options.tag } : {}),
    ...(options.previousTag ? { previousTag: options.previousTag } : {}),
  });
  if (!git && range.previousSha === undefined) {
    // The compare API needs a base; the whole history of a first release comes from the checkout.
    throw new ConfigurationError(
      `There is no earlier version tag before ${options.tag ?? options.head} and the checkout has no history to read instead. Use actions/checkout with \`fetch-depth: 0\`, or give 'previous-tag'.`,
    );
  }
  const commits = await commitsInRange(source, range.previousSha, range.targetSha, range.comparison);
  logger.info(
    `${commits.length} commit(s) since ${range.previousTag ?? 'the first commit'} (${git ? 'local history' : 'compare API'})`,
  );
  const changes = await collectChanges(github, commits, logger);
  const prs = changes.flatMap((c) => (c.kind === 'pull-request' ? [c.pullRequest] : []));
  const next = nextVersion(range.previousVersion, bumpFor(prs));
  const tag = options.tag ?? `${tagPrefix}${next}`;
  const end = options.tag && range.version ? options.tag : range.targetSha;
  const changelogUrl = range.previousTag
    ? `${options.repoUrl}/compare/${tagUrlPart(range.previousTag)}...${tagUrlPart(end)}`
    : `${options.repoUrl}/commits/${tagUrlPart(end)}`;
  const body = renderNotes({
    sections: categorise(changes, strings, options.config),
    newContributors: await newContributors(changes, range.previousTag !== undefined, options.firstPullRequests, logger),
    repoUrl: options.repoUrl,
    changelogUrl,
    strings,
  });
  const notes: ReleaseNotes = {
    body,
    tag,
    proposed: options.tag === undefined,
    version: range.version?.version ?? next,
    nextVersion: next,
    targetSha: range.targetSha,
    changes,
    commitCount: commits.length,
    history: git ? 'local' : 'api',
  };
  if (range.previousTag) notes.previousTag = range.previousTag;
  if (range.previousVersion) notes.previousVersion = range.previousVersion.version;
  return notes;
}
