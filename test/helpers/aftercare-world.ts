// The production world (v1.2.0 in production, v1.3.0 tagged and staged) with merged pull requests
// between the two tags, plus the Sentry double linked to the GitHub double's repository: what the
// chores after a release (released comments, milestone, Sentry) act on.
import type { FixturePullRequest } from '../../sandbox/github/index.ts';
import { startSentryDouble, type SentryDouble, type SentryDoubleOptions } from '../../sandbox/sentry/index.ts';
import { startProductionWorld, type ProductionWorld } from './production-world.ts';

/**
 * "One second" inside the bundles (SCALINGO_ACTIONS_TEST_SECOND_MS, honoured for loopback services
 * only): the pause between two GitHub writes, backoffs and rate-limit waits.
 */
export const SECOND_MS = 10;

export interface AftercareWorld extends ProductionWorld {
  sentry: SentryDouble;
  /** The pull requests merged between v1.2.0 and v1.3.0, oldest first. */
  pulls: FixturePullRequest[];
  /** The Sentry inputs pointing at the double (a user token: it may read issues too). */
  sentryInputs: Record<string, string>;
  /** The runner variables of a fast run. */
  env: Record<string, string>;
}

export interface AftercareWorldOptions {
  /** Pull requests merged between the tags (default 3); over 20 they come from one bulk import. */
  pullRequests?: number;
  /**
   * Run the GitHub double's clock this many times faster than the wall clock, so that its
   * content-creation limit (80 a minute) is measured in the same shrunk seconds the bundle paces
   * itself with: 1000 / SECOND_MS plays GitHub's real minute against the action's real spacing.
   */
  clockScale?: number;
  sentry?: SentryDoubleOptions;
}

export async function startAftercareWorld(options: AftercareWorldOptions = {}): Promise<AftercareWorld> {
  const count = options.pullRequests ?? 3;
  let pulls: FixturePullRequest[] = [];
  const scale = options.clockScale;
  const t0 = Date.now();
  const world = await startProductionWorld({
    ...(scale ? { github: { now: () => t0 + (Date.now() - t0) * scale } } : {}),
    between: (github) => {
      if (count > 20) {
        pulls = github.git.bulkHistory({ commits: count, pullRequests: count, strategy: 'squash' }).pulls;
        return;
      }
      for (let i = 1; i <= count; i++)
        pulls.push(
          github.git.mergePullRequest({
            title: `feat: change ${i}`,
            author: ['alice', 'bob', 'carol'][i % 3]!,
            files: { [`change-${i}.txt`]: `${i}\n` },
            strategy: (['squash', 'merge', 'rebase'] as const)[i % 3]!,
          }),
        );
    },
  });
  const sentry = await startSentryDouble({ org: 'acme', projects: ['shop'], ...options.sentry });
  sentry.linkRepository('acme/shop', world.github.git.dir);
  const env = { SCALINGO_ACTIONS_TEST_SECOND_MS: String(SECOND_MS) };
  const run: ProductionWorld['run'] = (inputs = {}, runOptions = {}) =>
    world.run(inputs, { ...runOptions, env: { ...env, ...runOptions.env } });
  return {
    ...world,
    run,
    sentry,
    pulls,
    env,
    sentryInputs: {
      'sentry-auth-token': sentry.userToken,
      'sentry-org': 'acme',
      'sentry-project': 'shop',
      'sentry-url': sentry.url,
    },
    async close() {
      await world.close();
      await sentry.close();
    },
  };
}

/** Creates a milestone on the GitHub double as a maintainer would in the UI. */
export async function createMilestone(world: ProductionWorld, title: string): Promise<number> {
  const response = await fetch(`${world.github.apiUrl}/repos/acme/shop/milestones`, {
    method: 'POST',
    headers: { authorization: `Bearer ${world.github.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  return ((await response.json()) as { number: number }).number;
}
