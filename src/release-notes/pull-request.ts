/** A merged pull request as the notes need it (fetched by GraphQL, 100 per query). */
export interface PullRequest {
  number: number;
  title: string;
  url: string;
  body: string;
  labels: string[];
  /** null for a deleted account ("ghost"). */
  author: string | null;
  authorIsBot: boolean;
  mergeCommit: string | null;
  merged: boolean;
}

/** One line of the notes: a pull request, or a commit that no pull request brought in. */
export type Change =
  { kind: 'pull-request'; pullRequest: PullRequest } | { kind: 'commit'; sha: string; subject: string };

const RELEASE_NOTE_BLOCK = /```release-note[^\S\r\n]*\r?\n([\s\S]*?)```/;

/** The wording for readers: a ```release-note block in the body wins over the title. */
export function displayTitle(pr: PullRequest): string {
  const block = RELEASE_NOTE_BLOCK.exec(pr.body)?.[1]?.trim();
  return block ? block : pr.title;
}

const BOT_LOGINS = ['dependabot', 'dependabot-preview', 'renovate', 'renovate-bot', 'github-actions'];

export function isBot(pr: Pick<PullRequest, 'author' | 'authorIsBot'>): boolean {
  if (pr.authorIsBot) return true;
  const login = (pr.author ?? '').toLowerCase();
  return login.endsWith('[bot]') || BOT_LOGINS.includes(login);
}

/** `dependabot[bot]` (REST) and `dependabot` (GraphQL) are the same author. */
export function sameLogin(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\[bot\]$/, '');
  return norm(a) === norm(b);
}
