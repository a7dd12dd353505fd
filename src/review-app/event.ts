// The pull request a run is about, read from the event payload (facts B5): its number, the head
// commit to deploy (never GITHUB_SHA, the merge commit), whether it comes from a fork or a bot.
import type { PullRequestState } from '../github/types.ts';
import type { RunContext } from '../shared/context.ts';

export type PullRequestAction = 'up' | 'down' | 'ignore';

export interface PullRequestEvent {
  number: number;
  /** up: opened, reopened, synchronize, labeled (create or update); down: closed (delete); else ignore. */
  action: PullRequestAction;
  /** The payload's own action word, for messages. */
  on: string;
  headSha: string;
  headRef: string;
  title: string;
  htmlUrl: string;
  /** The head lives in another repository (or in one that is gone). */
  fromFork: boolean;
  author: string;
  byBot: boolean;
}

const UP = new Set(['opened', 'reopened', 'synchronize', 'labeled', 'ready_for_review']);

interface Payload {
  action?: string;
  number?: number;
  pull_request?: {
    number?: number;
    title?: string;
    html_url?: string;
    user?: { login?: string; type?: string } | null;
    head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
    base?: { repo?: { full_name?: string } };
  };
}

/** The pull request of a pull_request or pull_request_target run; undefined for any other event. */
export function readPullRequestEvent(context: RunContext): PullRequestEvent | undefined {
  const payload = context.payload as Payload;
  const pr = payload.pull_request;
  if (!pr || !/^pull_request(_target)?$/.test(context.eventName)) return undefined;
  const on = payload.action ?? 'opened';
  const login = pr.user?.login ?? 'ghost';
  const headRepo = pr.head?.repo?.full_name;
  return {
    number: pr.number ?? payload.number ?? 0,
    action: on === 'closed' ? 'down' : UP.has(on) ? 'up' : 'ignore',
    on,
    headSha: pr.head?.sha ?? '',
    headRef: pr.head?.ref ?? '',
    title: pr.title ?? '',
    htmlUrl: pr.html_url ?? '',
    // A head repository that is gone is a fork that was deleted: never the base repository.
    fromFork: !headRepo || headRepo !== pr.base?.repo?.full_name,
    author: login,
    byBot: pr.user?.type === 'Bot' || login.endsWith('[bot]'),
  };
}

/** The pull request named by `pr-number` on another event (a manual run): open is up, closed is down. */
export function pullRequestOfState(pr: PullRequestState): PullRequestEvent {
  const { number, headSha, headRef, title, htmlUrl, fromFork, author, byBot } = pr;
  const on = pr.state === 'closed' ? 'closed' : 'opened';
  return {
    number,
    action: pr.state === 'closed' ? 'down' : 'up',
    on,
    headSha,
    headRef,
    title,
    htmlUrl,
    fromFork,
    author,
    byBot,
  };
}
