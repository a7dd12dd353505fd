import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorFor, isoSeconds, type FixtureAuthor, type GitFixture, type MergeStrategy } from './git-fixture.ts';

const MIXED: MergeStrategy[] = ['merge', 'squash', 'rebase', 'fast-forward', 'local-rebase'];
import type { FixturePullRequest } from './pull-requests.ts';

export interface BulkHistorySpec {
  /** Commits added to the default branch (merge PRs count two: the PR commit and the merge commit). */
  commits: number;
  pullRequests: number;
  /**
   * One strategy for every PR, or 'mixed' (the default): merge, squash, rebase, fast-forward and
   * local-rebase in turn. The last two put the PR's own commit on the branch, committed by its author.
   */
  strategy?: MergeStrategy | 'mixed';
  /** PR author logins, used in turn (default: five people and dependabot[bot]). */
  authors?: string[];
  /** Labels of the i-th PR (default: feature, bug, dependencies, chore, none in turn). */
  labels?: (index: number) => string[];
}

export interface BulkHistory {
  /** The new commits of the default branch, oldest first. */
  shas: string[];
  pulls: FixturePullRequest[];
}

const TITLES = [
  'feat: add {x}',
  'fix: correct {x}',
  'chore(deps): bump {x} from 1.0.0 to 1.1.0',
  'refactor: simplify {x}',
  'Update {x} documentation',
];
const LABELS = [['feature'], ['bug'], ['dependencies'], ['chore'], []];
const COST: Record<MergeStrategy, number> = { merge: 2, squash: 1, rebase: 1, 'fast-forward': 1, 'local-rebase': 1 };
// One scratch ref for every PR's own commit during the import: a thousand refs/pull/<n>/head refs
// written by fast-import cost a directory each; they are added to packed-refs in one write instead.
const PULL_HEADS = 'refs/bulk-import/pull-heads';

/**
 * A big synthetic history in one `git fast-import` stream: thousands of commits and merged pull
 * requests (each PR's own commit kept under refs/pull/<n>/head, as on GitHub) in about a second.
 */
export function bulkHistory(git: GitFixture, spec: BulkHistorySpec): BulkHistory {
  const authors = (spec.authors ?? ['alice', 'bob', 'carol', 'dave', 'erin', 'dependabot[bot]']).map(authorFor);
  authors.forEach((a) => git.addUser(a));
  const strategies: MergeStrategy[] = Array.from({ length: spec.pullRequests }, (_, i) =>
    !spec.strategy || spec.strategy === 'mixed' ? MIXED[i % MIXED.length]! : spec.strategy,
  );
  const prCommits = strategies.reduce((sum, s) => sum + COST[s], 0);
  if (prCommits > spec.commits)
    throw new Error(`bulkHistory: ${spec.pullRequests} pull requests need at least ${prCommits} commits`);
  const direct = spec.commits - prCommits;
  const branch = `refs/heads/${git.defaultBranch}`;
  const parent = git.resolve(git.defaultBranch);
  const firstNumber = git.pulls.nextNumber();

  const chunks: string[] = [];
  let mark = 0;
  let tip: string | undefined = parent;
  const mainMarks: number[] = [];
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const person = (role: string, who: FixtureAuthor, at: number): string =>
    `${role} ${who.name} <${who.email}> ${at} +0000\n`;
  const commit = (
    ref: string,
    who: FixtureAuthor,
    committer: FixtureAuthor,
    message: string,
    from: string | undefined,
    merge?: number,
  ): number => {
    mark++;
    const at = git.tick();
    const file = `src/module-${mark % 97}.txt`;
    chunks.push(
      `commit ${ref}\nmark :${mark}\n${person('author', who, at)}${person('committer', committer, at)}${data(message)}`,
    );
    if (from) chunks.push(`from ${from}\n`);
    if (merge) chunks.push(`merge :${merge}\n`);
    chunks.push(`M 100644 inline ${file}\n${data(`change ${mark}\n`)}\n`);
    return mark;
  };
  const merger: FixtureAuthor = { name: 'GitHub', email: 'noreply@github.com' };
  const onMain = (who: FixtureAuthor, committer: FixtureAuthor, message: string, merge?: number): number => {
    const m = commit(branch, who, committer, message, tip, merge);
    tip = `:${m}`;
    mainMarks.push(m);
    return m;
  };

  const planned: {
    number: number;
    title: string;
    labels: string[];
    author: FixtureAuthor;
    strategy: MergeStrategy;
    head: number;
    merge: number;
    at: number;
  }[] = [];
  let directLeft = direct;
  for (let i = 0; i <= spec.pullRequests; i++) {
    // Spread the direct commits evenly between the pull requests.
    const share = i === spec.pullRequests ? directLeft : Math.floor(direct / (spec.pullRequests + 1));
    for (let d = 0; d < share; d++)
      onMain(
        authors[(i + d) % authors.length]!,
        authors[(i + d) % authors.length]!,
        `Direct commit ${mainMarks.length + 1}`,
      );
    directLeft -= share;
    if (i === spec.pullRequests) break;
    const number = firstNumber + i;
    const strategy = strategies[i]!;
    const author = authors[i % authors.length]!;
    const title = TITLES[i % TITLES.length]!.replace('{x}', `component ${number}`);
    // Pushed by hand (as they were, or rebased locally): the PR's own commit is the branch's, by its author.
    const byHand = strategy === 'fast-forward' || strategy === 'local-rebase';
    const head = byHand ? onMain(author, author, title) : commit(PULL_HEADS, author, author, title, tip);
    const message =
      strategy === 'merge'
        ? `Merge pull request #${number} from ${git.owner}/pr-${number}\n\n${title}`
        : strategy === 'squash'
          ? `${title} (#${number})`
          : title;
    const merge = byHand ? head : onMain(author, merger, message, strategy === 'merge' ? head : undefined);
    planned.push({
      number,
      title,
      labels: (spec.labels ?? ((n) => LABELS[n % LABELS.length]!))(i),
      author,
      strategy,
      head,
      merge,
      at: git.tick(),
    });
  }

  const tmp = mkdtempSync(join(tmpdir(), 'fast-import-'));
  try {
    const marksFile = join(tmp, 'marks');
    git.git(['fast-import', '--quiet', `--export-marks=${marksFile}`], { input: chunks.join('') });
    const shaOf = new Map<number, string>();
    for (const line of readFileSync(marksFile, 'utf8').split('\n')) {
      const [m, sha] = line.split(' ');
      if (m && sha) shaOf.set(Number(m.slice(1)), sha);
    }
    git.git(['update-ref', '-d', PULL_HEADS]);
    addPackedRefs(
      git,
      planned.map((p) => [`refs/pull/${p.number}/head`, shaOf.get(p.head)!]),
    );
    git.git(['checkout', '-q', '-f', git.defaultBranch]);
    // Walks over thousands of commits (compare, rev-list --count) go from ~70 ms to a few ms.
    git.git(['commit-graph', 'write', '--reachable']);
    const pulls = planned.map((p) => {
      const headSha = shaOf.get(p.head)!;
      const mergeSha = shaOf.get(p.merge)!;
      const pr = git.pulls.add({
        number: p.number,
        title: p.title,
        body: `Closes nothing in particular.\n\nPR ${p.number}.`,
        labels: p.labels,
        author: { login: p.author.login!, isBot: p.author.isBot ?? false },
        baseRefName: git.defaultBranch,
        headRefName: `pr-${p.number}`,
        headSha,
        commits: [headSha],
        state: 'open',
        mergedAt: null,
        mergeCommitSha: null,
        createdAt: isoSeconds(p.at - 3600),
      });
      git.pulls.markMerged(p.number, mergeSha, isoSeconds(p.at), [mergeSha]);
      return pr;
    });
    return { shas: mainMarks.map((m) => shaOf.get(m)!), pulls };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Adds refs straight to .git/packed-refs (git's own format: sorted by name, peel lines kept with their ref). */
function addPackedRefs(git: GitFixture, refs: [name: string, sha: string][]): void {
  git.git(['pack-refs', '--all']);
  const file = join(git.dir, '.git', 'packed-refs');
  const lines = (existsSync(file) ? readFileSync(file, 'utf8') : '').split('\n').filter(Boolean);
  const header = lines[0]?.startsWith('#') ? lines.shift()! : '# pack-refs with: peeled fully-peeled sorted ';
  const entries: { name: string; text: string }[] = [];
  for (const line of lines) {
    const last = entries.at(-1);
    if (line.startsWith('^') && last) last.text += `\n${line}`;
    else entries.push({ name: line.slice(41), text: line });
  }
  for (const [name, sha] of refs) entries.push({ name, text: `${sha} ${name}` });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  writeFileSync(file, `${header}\n${entries.map((e) => e.text).join('\n')}\n`);
}
