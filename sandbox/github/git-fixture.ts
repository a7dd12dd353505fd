import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bulkHistory, type BulkHistory, type BulkHistorySpec } from './bulk-history.ts';
import {
  closePullRequest,
  mergeOpenPullRequest,
  openPullRequest,
  pushToPullRequest,
  type PushSpec,
} from './fixture-pulls.ts';
import { PullRequestRegistry, type FixturePullRequest } from './pull-requests.ts';

export interface FixtureAuthor {
  name: string;
  email: string;
  /** The GitHub account this email belongs to (GitHub maps commit emails to users). */
  login?: string;
  isBot?: boolean;
}

/** GitHub's merge button. */
export type ButtonStrategy = 'merge' | 'squash' | 'rebase';
/**
 * The button's three, or the PR's commits pushed to the base by hand, which GitHub also marks as
 * merged (the same commits, the head as merge commit): as they are (`fast-forward`, when the base
 * has not moved), or rebased locally by the PR's author first (`local-rebase`: the branch is
 * force-pushed with the rebased commits, then the base is pushed).
 */
export type MergeStrategy = ButtonStrategy | 'fast-forward' | 'local-rebase';

export interface PullRequestSpec {
  title: string;
  body?: string;
  labels?: string[];
  /** Login of the PR author (a matching commit author is made up); defaults to octocat. */
  author?: string | FixtureAuthor;
  /** One commit with these files, when `commits` is not given. */
  files?: Record<string, string | null>;
  commits?: { files: Record<string, string | null>; message: string }[];
  strategy?: MergeStrategy;
  base?: string;
  branch?: string;
  number?: number;
  /** false leaves the pull request open (its branch pushed, nothing merged). */
  merged?: boolean;
  draft?: boolean;
  /** The head branch lives in this account's fork (`head.repo.full_name` = `<fork>/<repo>`, `fork: true`). */
  fork?: string;
}

export const DEFAULT_AUTHOR: FixtureAuthor = {
  name: 'The Octocat',
  email: 'octocat@users.noreply.github.com',
  login: 'octocat',
};
export const MERGER: FixtureAuthor = { name: 'GitHub', email: 'noreply@github.com' };
const EPOCH = Date.parse('2026-01-05T09:00:00Z') / 1000;

/** GitHub's timestamps: ISO 8601 without milliseconds. */
export function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

export function authorFor(login: string): FixtureAuthor {
  const isBot = login.endsWith('[bot]');
  return {
    name: isBot ? login : login.charAt(0).toUpperCase() + login.slice(1),
    email: `${login}@users.noreply.github.com`,
    login,
    isBot,
  };
}

/**
 * A real git repository in a directory: commits, branches, tags and merged pull requests made the
 * way GitHub makes them, so the double's answers (and git archive) come from real history.
 */
export class GitFixture {
  readonly dir: string;
  readonly defaultBranch = 'main';
  readonly pulls = new PullRequestRegistry();
  /** email -> account, to answer `author.login` like GitHub does. */
  readonly users = new Map<string, FixtureAuthor>();
  /** Owner named in merge commit messages ("Merge pull request #1 from acme/branch"). */
  readonly owner: string;
  #clock = EPOCH;
  #known: Set<string> | undefined;

  constructor(dir: string, owner = 'acme') {
    this.dir = dir;
    this.owner = owner;
    this.git(['init', '-q', '-b', this.defaultBranch]);
    this.git(['config', 'commit.gpgsign', 'false']);
    this.git(['config', 'tag.gpgsign', 'false']);
    this.addUser(DEFAULT_AUTHOR);
  }

  git(args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      input: options.input,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir, ...options.env },
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    }).toString('utf8');
  }

  /** A git command whose failure is an answer (exit status and output), not an exception. */
  tryGit(args: string[]): { status: number; stdout: string } {
    try {
      return { status: 0, stdout: this.git(args) };
    } catch (error) {
      const e = error as { status?: number; stdout?: Buffer };
      return { status: e.status ?? 1, stdout: e.stdout?.toString('utf8') ?? '' };
    }
  }

  addUser(author: FixtureAuthor): void {
    if (author.login) this.users.set(author.email.toLowerCase(), author);
  }

  /** Seconds since epoch for the next commit: one minute apart, so history order is stable. */
  tick(): number {
    this.#clock += 60;
    return this.#clock;
  }

  /** Seconds since epoch of the last commit made (the fixture's clock). */
  get clock(): number {
    return this.#clock;
  }

  /** Author and committer variables for the next commit, one tick later. */
  commitEnv(author: FixtureAuthor, committer: FixtureAuthor = author): Record<string, string> {
    const date = `${this.tick()} +0000`;
    return {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: date,
    };
  }

  #write(files: Record<string, string | null>): void {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) {
        rmSync(full, { force: true });
      } else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    this.git(['add', '-A']);
  }

  /** Commits these files (null deletes one) on the current branch, or on `branch`. */
  commit(
    files: Record<string, string | null>,
    message: string,
    options: { author?: FixtureAuthor; branch?: string } = {},
  ): string {
    if (options.branch) this.checkout(options.branch);
    const author = options.author ?? DEFAULT_AUTHOR;
    this.addUser(author);
    this.#write(files);
    this.git(['commit', '-q', '--allow-empty', '-m', message], { env: this.commitEnv(author) });
    return this.head();
  }

  branch(name: string, from = 'HEAD'): void {
    this.git(['branch', '-f', name, from]);
  }

  checkout(name: string): void {
    this.git(['checkout', '-q', name]);
  }

  tag(name: string, ref = 'HEAD', options: { annotated?: boolean; message?: string } = {}): string {
    const sha = this.head(ref);
    if (options.annotated || options.message) {
      this.git(['tag', '-a', name, sha, '-m', options.message ?? name], { env: this.commitEnv(DEFAULT_AUTHOR) });
    } else {
      this.git(['tag', name, sha]);
    }
    return sha;
  }

  head(ref = 'HEAD'): string {
    const sha = this.resolve(ref);
    if (!sha) throw new Error(`git fixture: no commit for ${ref}`);
    return sha;
  }

  /**
   * Whether a full SHA is a commit of this repository, answered from one `git rev-list --all` kept
   * in memory (commits never disappear; a miss reloads): 100 aliased GraphQL lookups, one spawn.
   */
  hasCommit(sha: string): boolean {
    if (!/^[0-9a-f]{40}$/.test(sha)) return false;
    if (!this.#known?.has(sha)) this.#known = new Set(this.git(['rev-list', '--all']).split('\n').filter(Boolean));
    return this.#known.has(sha);
  }

  /** The commit a SHA (full or abbreviated), branch or tag names, or undefined. */
  resolve(ref: string): string | undefined {
    if (/^[0-9a-f]{40}$/.test(ref) && this.hasCommit(ref)) return ref;
    if (!/^[\w./@{}^~-]+$/.test(ref) || ref.startsWith('-')) return undefined;
    try {
      return this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** Opens a pull request from a new branch and merges it the way GitHub's button does (`merged: false`: left open). */
  mergePullRequest(spec: PullRequestSpec): FixturePullRequest {
    const pr = openPullRequest(this, spec);
    return spec.merged === false ? pr : mergeOpenPullRequest(this, pr.number, spec.strategy);
  }

  /** Opens a pull request (same-repository branch, or a fork's with `fork`), merging nothing. */
  openPullRequest(spec: Omit<PullRequestSpec, 'merged' | 'strategy'>): FixturePullRequest {
    return openPullRequest(this, spec);
  }

  /** Merges an open pull request with GitHub's button. */
  mergeOpenPullRequest(number: number, strategy?: MergeStrategy): FixturePullRequest {
    return mergeOpenPullRequest(this, number, strategy);
  }

  /** Pushes commits to an open pull request's head branch (in the fork, for a fork PR): a new head SHA. */
  pushToPullRequest(number: number, push: PushSpec): { before: string; after: string } {
    return pushToPullRequest(this, number, push);
  }

  /** Closes a pull request without merging it. */
  closePullRequest(number: number): FixturePullRequest {
    return closePullRequest(this, number);
  }

  /** Thousands of commits and merged pull requests at once (git fast-import), for benches. */
  bulkHistory(spec: BulkHistorySpec): BulkHistory {
    return bulkHistory(this, spec);
  }
}
