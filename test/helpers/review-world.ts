// Both sandboxes as a team with review apps finds them: shop-staging (PostgreSQL, a secret, a
// Sentry DSN that review apps must not inherit) and acme/shop on GitHub, where tests open, push to
// and close pull requests, then run dist/review-app/index.js with the event GitHub would send.
import { startGitHubDouble, type FixturePullRequest, type GitHubDouble } from '../../sandbox/github/index.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/scalingo/index.ts';
import type { ActionResult } from './run-action.ts';
import { signedTarballUrl } from './staging-world.ts';
import { runInSandboxes } from './worlds.ts';

export const PARENT = 'shop-staging';
/** A parent whose repository is linked to Scalingo (integration mode). */
export const LINKED = 'shop-linked';

export const PARENT_VARIABLES = {
  SECRET_KEY: 'parent-secret-key-value',
  SENTRY_DSN: 'https://public@sentry.example/42',
  DJANGO_SETTINGS_MODULE: 'shop.settings',
  DATABASE_URL: '$SCALINGO_POSTGRESQL_URL',
};

export const APP_FILES = {
  Procfile: 'web: python3 -m http.server $PORT\n',
  'manage.py': 'print("manage")\n',
};

/** The pull request's review app, as the action names it for a short parent name. */
export const reviewAppOf = (n: number) => `${PARENT}-pr${n}`;

export interface ReviewWorld {
  scalingo: Sandbox;
  github: GitHubDouble;
  /** Opens a pull request of one commit on a branch of main. */
  open(number: number, spec?: { author?: string; fork?: string; files?: Record<string, string> }): FixturePullRequest;
  /** Runs the action on a pull_request event of that pull request (or, without one, on `eventName`). */
  run(
    inputs: Record<string, string | undefined>,
    event?: { number: number; action: 'opened' | 'synchronize' | 'reopened' | 'closed' | 'labeled'; label?: string },
    options?: { eventName?: string; env?: Record<string, string | undefined>; timeoutMs?: number },
  ): Promise<ActionResult>;
  /** Links acme/shop to LINKED (settings: the review-app keys of §15.5). */
  link(settings?: Record<string, boolean | number>): void;
  /** Tells Scalingo's side of the link about the pull request's current head (as GitHub's webhook would). */
  declare(number: number): Promise<void>;
  /** The review-app comments on a pull request (found by their marker). */
  comments(number: number): string[];
  close(): Promise<void>;
}

export async function startReviewWorld(options: SandboxOptions = {}): Promise<ReviewWorld> {
  const scalingo = await startSandbox({ phaseMs: 25, streamPingMs: 500, ...options });
  const github = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  scalingo.createApp(PARENT, { variables: { ...PARENT_VARIABLES }, addons: ['postgresql'] });
  const base = github.git.commit(APP_FILES, 'Initial commit');
  return {
    scalingo,
    github,
    open: (number, spec = {}) =>
      github.git.openPullRequest({
        number,
        title: `Feature ${number}`,
        files: spec.files ?? { [`feature-${number}.txt`]: `feature ${number}\n` },
        ...(spec.author ? { author: spec.author } : {}),
        ...(spec.fork ? { fork: spec.fork } : {}),
      }),
    run(inputs, event, runOptions = {}) {
      const made = event ? github.pullRequestEvent(event) : undefined;
      return runInSandboxes(
        'review-app',
        { scalingo, github },
        {
          app: PARENT,
          sha: made?.env.GITHUB_SHA ?? base,
          inputs: { app: undefined, 'parent-app': PARENT, ...inputs },
          env: {
            ...(made ? made.env : { GITHUB_EVENT_NAME: runOptions.eventName ?? 'schedule' }),
            ...runOptions.env,
          },
          event: made?.payload ?? {},
          ...(runOptions.timeoutMs ? { timeoutMs: runOptions.timeoutMs } : {}),
        },
      );
    },
    link(settings = {}) {
      scalingo.createApp(LINKED, {
        variables: { ...PARENT_VARIABLES },
        addons: ['postgresql'],
        scmRepoLink: { owner: 'acme', repo: 'shop', branch: 'main', settings },
      });
    },
    async declare(number) {
      const pr = github.git.pulls.get(number)!;
      scalingo.pullRequest(LINKED, {
        number,
        headSha: pr.headSha,
        sourceUrl: await signedTarballUrl(github, pr.headSha),
      });
    },
    comments: (number) =>
      github.state.comments
        .filter((c) => c.issue_url.endsWith(`/issues/${number}`))
        .map((c) => c.body)
        .filter((b) => b.includes('<!-- scalingo-actions:review-app -->')),
    close: async () => {
      await scalingo.close();
      await github.close();
    },
  };
}

/** The Scalingo requests of a run, by method and path, without the token exchange. */
export function scalingoCalls(scalingo: Sandbox, since = 0): string[] {
  return scalingo.journal
    .slice(since)
    .filter((e) => e.path !== '/v1/tokens/exchange')
    .map((e) => `${e.method} ${e.path}`);
}
