import { runTool } from '../shared/process.ts';
import type { Commit } from './commit.ts';

const FIELD = '\x1f';
const RECORD = '\x1e';

async function git(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return await runTool('git', args, { cwd });
  } catch (error) {
    // No git on the runner, or no such directory: no local history, the API takes over.
    return { code: 128, stdout: '', stderr: (error as Error).message };
  }
}

/**
 * The checkout's own history, read with a handful of `git` processes so that a full clone
 * (`fetch-depth: 0`) costs no GitHub API call for commits, tags or ancestry.
 */
export class LocalGit {
  readonly #cwd: string;

  private constructor(cwd: string) {
    this.#cwd = cwd;
  }

  /** A usable full history at `cwd`, or undefined (not a repository, or a shallow clone). */
  static async open(cwd: string): Promise<LocalGit | undefined> {
    const shallow = await git(cwd, ['rev-parse', '--is-shallow-repository']);
    if (shallow.code !== 0 || shallow.stdout.trim() !== 'false') return undefined;
    return new LocalGit(cwd);
  }

  get path(): string {
    return this.#cwd;
  }

  /** The commit a ref names, or undefined when this clone does not have it. */
  async resolve(ref: string): Promise<string | undefined> {
    const out = await git(this.#cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    return out.code === 0 ? out.stdout.trim() : undefined;
  }

  /** Every tag with the commit it points at (annotated tags peeled). */
  async tags(): Promise<{ name: string; sha: string }[]> {
    const out = await this.#run([
      'for-each-ref',
      'refs/tags',
      `--format=%(refname:short)${FIELD}%(objectname)${FIELD}%(*objectname)`,
    ]);
    return out
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [name = '', object = '', peeled = ''] = line.split(FIELD);
        return { name, sha: peeled || object };
      });
  }

  async isAncestor(ancestor: string, of: string): Promise<boolean> {
    const out = await git(this.#cwd, ['merge-base', '--is-ancestor', ancestor, of]);
    if (out.code > 1) throw new Error(`git merge-base failed: ${out.stderr.trim()}`);
    return out.code === 0;
  }

  /** First-parent commits in base..head (everything up to head without a base), newest first, one process. */
  async log(base: string | undefined, head: string): Promise<Commit[]> {
    const range = base ? `${base}..${head}` : head;
    const format = ['%H', '%P', '%an', '%ae', '%ce', '%cI', '%s', '%b'].join('%x1f') + '%x1e';
    const out = await this.#run(['log', '--first-parent', `--format=${format}`, range, '--']);
    return out
      .split(RECORD)
      .map((record) => record.replace(/^\n/, ''))
      .filter((record) => record !== '')
      .map((record) => {
        const [
          sha = '',
          parents = '',
          authorName = '',
          authorEmail = '',
          committerEmail = '',
          committedAt = '',
          subject = '',
          body = '',
        ] = record.split(FIELD);
        return {
          sha,
          parents: parents.split(' ').filter(Boolean),
          authorName,
          authorEmail,
          committerEmail,
          ...(committedAt ? { committedAt } : {}),
          subject,
          body: body.trim(),
        };
      });
  }

  async #run(args: string[]): Promise<string> {
    const out = await git(this.#cwd, args);
    if (out.code !== 0) throw new Error(`git ${args[0]} failed in ${this.#cwd}: ${out.stderr.trim()}`);
    return out.stdout;
  }
}
