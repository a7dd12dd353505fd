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
import { startGitHubDouble } from '../test/github/index.ts';
import type { GitHubDouble } from '../test/github/index.ts';
import { runAction } from '../test/helpers/run-action.ts';

const COMMITS = 5000;
const PULL_REQUESTS = 1000;
const ROOT = resolve(import.meta.dirname, '..');

export interface Measure {
  calls: number;
  ms: number;
}

async function engine(gh: GitHubDouble, local: boolean): Promise<Measure & { prs: number }> {
  const github = new GitHubClient({ token: gh.token, apiUrl: gh.apiUrl, graphqlUrl: gh.graphqlUrl, owner: gh.owner, repo: gh.repo, logger: silentLogger });
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

/** The numbers the brief asks for: API calls and time, with and without local history. */
export async function measureReleaseNotes(): Promise<{ withHistory: Measure; withoutHistory: Measure; action?: Measure; prs: number }> {
  const gh = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  try {
    gh.git.commit({ 'README.md': 'shop\n' }, 'Initial commit');
    gh.git.tag('v1.0.0');
    gh.git.bulkHistory({ commits: COMMITS, pullRequests: PULL_REQUESTS });
    gh.git.tag('v1.1.0');
    const withHistory = await engine(gh, true);
    const withoutHistory = await engine(gh, false);
    let action: Measure | undefined;
    if (existsSync(join(ROOT, 'dist/release-notes/index.js'))) {
      const before = gh.journal.length;
      const started = performance.now();
      const result = await runAction('release-notes', {
        inputs: { 'github-token': gh.token, 'dry-run': 'true' },
        env: { GITHUB_API_URL: gh.apiUrl, GITHUB_GRAPHQL_URL: gh.graphqlUrl, GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`, GITHUB_REF: 'refs/tags/v1.1.0', GITHUB_SHA: gh.git.head() },
        cwd: gh.git.dir,
      });
      if (result.exitCode !== 0) throw new Error(`release-notes bundle failed: ${result.stdout}`);
      action = { calls: gh.journal.length - before, ms: performance.now() - started };
    }
    return { withHistory, withoutHistory, prs: withHistory.prs, ...(action ? { action } : {}) };
  } finally {
    await gh.close();
  }
}

/** Markdown lines for docs/BENCHMARKS.md (bench/run.ts). */
export async function bench(): Promise<string[]> {
  const m = await measureReleaseNotes();
  const noHistoryGoal = Math.ceil(COMMITS / 100) + Math.ceil(PULL_REQUESTS / 100) + 3;
  const row = (what: string, x: Measure, goal: string) => `| ${what} | ${x.calls} | ${goal} | ${(x.ms / 1000).toFixed(2)} s |`;
  return [
    '## Release notes',
    '',
    `${COMMITS.toLocaleString('en')} commits and ${PULL_REQUESTS.toLocaleString('en')} merged pull requests (merge, squash and rebase in turn; \`bulkHistory\` of the GitHub double), tag v1.0.0 to v1.1.0; ${m.prs} pull requests found. Calls = requests the double received (retries included).`,
    '',
    '| run | GitHub API calls | goal | time (goal < 5 s) |',
    '| --- | --- | --- | --- |',
    row('engine, local history (fetch-depth: 0)', m.withHistory, '≤ 12'),
    row('engine, API only (shallow checkout)', m.withoutHistory, `≤ ${noHistoryGoal}`),
    ...(m.action ? [row('bundle end to end, local history, dry run', m.action, '≤ 12 + releases list')] : []),
  ];
}
