// Release notes for 5,000 commits and 1,000 pull requests (DESIGN.md §4): the engine against the
// GitHub double, with the checkout's history and through the API only; then the bundle end to end.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GitHubClient } from '../src/github/client.ts';
import { searchFirstPullRequests } from '../src/release-notes/contributors.ts';
import { generateReleaseNotes } from '../src/release-notes/index.ts';
import { LocalGit } from '../src/release-notes/local-git.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { countCommits } from '../sandbox/github/git-data.ts';
import { startGitHubDouble } from '../sandbox/github/index.ts';
import type { GitHubDouble } from '../sandbox/github/index.ts';
import { runAction } from '../test/helpers/run-action.ts';

const COMMITS = 5000;
const PULL_REQUESTS = 1000;
const ROOT = resolve(import.meta.dirname, '..');

export interface Measure {
  calls: number;
  ms: number;
}

export interface ReleaseNotesMeasures {
  /** Commits in v1.0.0..v1.1.0 (rev-list: side commits of merge PRs included), as the compare API lists them. */
  commits: number;
  /** Of them, the first-parent commits (what the notes walk). */
  firstParentCommits: number;
  /** Merged pull requests in the range, and how many of them the notes found. */
  pullRequests: number;
  prs: number;
  /** The budgets, from the counts above: ⌈commits/100⌉ + ⌈PRs/100⌉ + 3 without history, ⌈PRs/100⌉ + 3 with. */
  goals: { withHistory: number; withoutHistory: number };
  withHistory: Measure;
  withoutHistory: Measure;
  /** The built bundle, dry run: in the repository, and in an empty checkout (compare API). */
  action?: Measure;
  actionWithoutHistory?: Measure;
}

async function engine(gh: GitHubDouble, local: boolean): Promise<Measure & { prs: number }> {
  const github = new GitHubClient({
    token: gh.token,
    apiUrl: gh.apiUrl,
    graphqlUrl: gh.graphqlUrl,
    owner: gh.owner,
    repo: gh.repo,
    logger: silentLogger,
  });
  const before = gh.journal.length;
  const started = performance.now();
  const git = local ? await LocalGit.open(gh.git.dir) : undefined;
  const notes = await generateReleaseNotes({
    github,
    logger: silentLogger,
    repoUrl: `https://github.com/${gh.owner}/${gh.repo}`,
    tag: 'v1.1.0',
    head: gh.git.head(),
    firstPullRequests: searchFirstPullRequests((q, v) => github.graphql(q, v), gh.owner, gh.repo),
    ...(git ? { git } : {}),
  });
  const ms = performance.now() - started;
  return { calls: gh.journal.length - before, ms, prs: notes.changes.filter((c) => c.kind === 'pull-request').length };
}

async function bundle(gh: GitHubDouble, cwd: string): Promise<Measure> {
  const before = gh.journal.length;
  const started = performance.now();
  const result = await runAction('release-notes', {
    inputs: { 'github-token': gh.token, 'dry-run': 'true' },
    env: {
      GITHUB_API_URL: gh.apiUrl,
      GITHUB_GRAPHQL_URL: gh.graphqlUrl,
      GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
      GITHUB_REF: 'refs/tags/v1.1.0',
      GITHUB_SHA: gh.git.head(),
    },
    cwd,
  });
  if (result.exitCode !== 0) throw new Error(`release-notes bundle failed in ${cwd}: ${result.stdout}`);
  return { calls: gh.journal.length - before, ms: performance.now() - started };
}

/** The numbers the brief asks for: API calls and time, with and without local history. */
export async function measureReleaseNotes(): Promise<ReleaseNotesMeasures> {
  const gh = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  try {
    gh.git.commit({ 'README.md': 'shop\n' }, 'Initial commit');
    gh.git.tag('v1.0.0');
    const history = gh.git.bulkHistory({ commits: COMMITS, pullRequests: PULL_REQUESTS });
    gh.git.tag('v1.1.0');
    // The real counts, not the ones asked for: the goal is computed from what the range holds.
    const commits = countCommits(gh.git, 'v1.0.0..v1.1.0');
    const firstParentCommits = Number(gh.git.git(['rev-list', '--first-parent', '--count', 'v1.0.0..v1.1.0']).trim());
    const pullRequests = history.pulls.filter((p) => p.mergedAt !== null).length;
    const goals = {
      withHistory: Math.ceil(pullRequests / 100) + 3,
      withoutHistory: Math.ceil(commits / 100) + Math.ceil(pullRequests / 100) + 3,
    };
    const withHistory = await engine(gh, true);
    const withoutHistory = await engine(gh, false);
    let action: Measure | undefined;
    let actionWithoutHistory: Measure | undefined;
    if (existsSync(join(ROOT, 'dist/release-notes/index.js'))) {
      action = await bundle(gh, gh.git.dir);
      const empty = mkdtempSync(join(tmpdir(), 'release-notes-bench-'));
      try {
        actionWithoutHistory = await bundle(gh, empty);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    }
    return {
      commits,
      firstParentCommits,
      pullRequests,
      prs: withHistory.prs,
      goals,
      withHistory,
      withoutHistory,
      ...(action ? { action } : {}),
      ...(actionWithoutHistory ? { actionWithoutHistory } : {}),
    };
  } finally {
    await gh.close();
  }
}

/** Markdown lines for docs/BENCHMARKS.md (bench/run.ts). */
export async function bench(): Promise<string[]> {
  const m = await measureReleaseNotes();
  const row = (what: string, x: Measure, goal: string) =>
    `| ${what} | ${x.calls} | ${goal} | ${(x.ms / 1000).toFixed(2)} s |`;
  return [
    '## Release notes',
    '',
    `${m.commits.toLocaleString('en')} commits (${m.firstParentCommits.toLocaleString('en')} of them first-parent) and ${m.pullRequests.toLocaleString('en')} merged pull requests (merge, squash and rebase with GitHub's button, fast-forwarded and rebased locally then pushed, in turn: ${m.pullRequests / 5} of each; \`bulkHistory\` of the GitHub double), tag v1.0.0 to v1.1.0; ${m.prs} pull requests found. Calls = requests the double received (retries included); goal with history = ⌈${m.pullRequests}/100⌉ + 3, without = ⌈${m.commits}/100⌉ + ⌈${m.pullRequests}/100⌉ + 3.`,
    '',
    '| run | GitHub API calls | goal | time (goal < 5 s) |',
    '| --- | --- | --- | --- |',
    row('engine, local history (fetch-depth: 0)', m.withHistory, `≤ ${m.goals.withHistory}`),
    row('engine, API only (shallow checkout)', m.withoutHistory, `≤ ${m.goals.withoutHistory}`),
    ...(m.action
      ? [row('bundle end to end, local history, dry run', m.action, `≤ ${m.goals.withHistory} + releases list`)]
      : []),
    ...(m.actionWithoutHistory
      ? [
          row(
            'bundle end to end, API only, dry run',
            m.actionWithoutHistory,
            `≤ ${m.goals.withoutHistory} + releases list`,
          ),
        ]
      : []),
  ];
}
