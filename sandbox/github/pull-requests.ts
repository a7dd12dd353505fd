/** A pull request as the double keeps it; REST and GraphQL views are built from this. */
export interface FixturePullRequest {
  number: number;
  title: string;
  body: string;
  labels: string[];
  author: { login: string; isBot: boolean };
  baseRefName: string;
  headRefName: string;
  headSha: string;
  /** The PR branch's own commits, oldest first. */
  commits: string[];
  state: 'open' | 'closed';
  mergedAt: string | null;
  /** Merge commit, squash commit, or the last rebased commit, as GitHub sets merge_commit_sha. */
  mergeCommitSha: string | null;
  createdAt: string;
  /** When it was closed (merged or not); null while open. Absent on older records: mergedAt stands in. */
  closedAt?: string | null;
  draft?: boolean;
  /** Owner of the fork the head branch lives in (`head.repo`); absent when it is in the base repository. */
  headOwner?: string;
  /** The milestone `number`, set through `PATCH …/issues/{n}`. */
  milestone?: number | null;
  /** The head before the last push (`before` of a `synchronize` event). */
  previousHeadSha?: string;
  /** Last activity (a comment, a label) after what the other dates say; GitHub's `updatedAt` is the latest of them. */
  updatedAt?: string;
}

/** The pull requests of the fixture, with the commit -> pull requests index GitHub keeps. */
export class PullRequestRegistry {
  readonly #byNumber = new Map<number, FixturePullRequest>();
  readonly #byCommit = new Map<string, number[]>();
  #last = 0;

  readonly #issueNumbers = new Set<number>();

  nextNumber(): number {
    return this.#last + 1;
  }

  /** Takes the next number for a plain issue: issues and pull requests share one sequence on GitHub. */
  reserveIssueNumber(): number {
    this.#last++;
    this.#issueNumbers.add(this.#last);
    return this.#last;
  }

  add(pr: FixturePullRequest): FixturePullRequest {
    if (this.#byNumber.has(pr.number) || this.#issueNumbers.has(pr.number))
      throw new Error(`git fixture: pull request #${pr.number} already exists`);
    this.#byNumber.set(pr.number, pr);
    this.#last = Math.max(this.#last, pr.number);
    this.associate(pr.number, pr.commits);
    return pr;
  }

  markMerged(number: number, mergeCommitSha: string, mergedAt: string, associated: string[]): void {
    const pr = this.#byNumber.get(number);
    if (!pr) throw new Error(`git fixture: no pull request #${number}`);
    Object.assign(pr, { state: 'closed', mergeCommitSha, mergedAt, closedAt: mergedAt });
    this.associate(number, associated);
  }

  /** GitHub associates a PR with its own commits and with what merging it put on the base branch. */
  associate(number: number, shas: string[]): void {
    for (const sha of shas) {
      const list = this.#byCommit.get(sha) ?? [];
      if (!list.includes(number)) list.push(number);
      this.#byCommit.set(sha, list);
    }
  }

  get(number: number): FixturePullRequest | undefined {
    return this.#byNumber.get(number);
  }

  forCommit(sha: string): FixturePullRequest[] {
    return (this.#byCommit.get(sha) ?? []).map((n) => this.#byNumber.get(n)!);
  }

  all(): FixturePullRequest[] {
    return [...this.#byNumber.values()];
  }
}
