// Maintenance around a release (api-facts-wave2.md §19: Scalingo has no maintenance API, apps do it
// with their own variables and a restart). Entering remembers each variable's previous value, for
// the `post:` step too, before anything is set; lifting restores them (or removes the variables)
// and restarts, and is tried whatever happened: failure, rollback, cancellation.
import type { ScalingoApi } from '../scalingo/api.ts';
import { describeError, firstLine } from '../shared/errors.ts';
import { formatDuration } from '../shared/duration.ts';
import type { RunLifecycle } from '../shared/lifecycle.ts';
import type { Logger } from '../shared/logger.ts';
import { planChanges } from '../variables/plan.ts';
import { restartAndConfirm } from '../variables/restart.ts';

export type MaintenanceMode = 'off' | 'during-post-deploy' | 'during-release';

/** Where a `post:` step finds what maintenance set: JSON of Remembered, '' once lifted. */
export const MAINTENANCE_STATE = 'maintenance';

export interface MaintenanceSettings {
  mode: Exclude<MaintenanceMode, 'off'>;
  variables: readonly { name: string; value: string }[];
  /** Bounds each restart (into and out of maintenance). */
  timeoutMs: number;
  pollIntervalMs?: number;
}

interface Remembered {
  app: string;
  set: { name: string; value: string }[];
  /** null: the variable did not exist, so lifting removes it. */
  previous: { name: string; value: string | null }[];
}

export type MaintenanceDeps = {
  scalingo: Pick<ScalingoApi, 'variables' | 'apps'>;
  logger: Logger;
  lifecycle?: RunLifecycle;
};

export interface LiftOutcome {
  lifted: boolean;
  /** Why it could not be lifted, and the exact commands to do it by hand. */
  error?: string;
  command?: string;
}

const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** The `scalingo` commands that put the variables back as they were and restart the app. */
export function liftCommand(remembered: Remembered): string {
  const app = `scalingo --app ${remembered.app}`;
  const removed = remembered.previous.filter((p) => p.value === null).map((p) => p.name);
  const restored = remembered.previous.filter((p): p is { name: string; value: string } => p.value !== null);
  return [
    ...(removed.length > 0 ? [`${app} env-unset ${removed.join(' ')}`] : []),
    ...(restored.length > 0 ? [`${app} env-set ${restored.map((p) => `${p.name}=${quote(p.value)}`).join(' ')}`] : []),
    `${app} restart`,
  ].join(' && ');
}

export class MaintenanceWindow {
  readonly #deps: MaintenanceDeps;
  readonly #settings: Pick<MaintenanceSettings, 'timeoutMs' | 'pollIntervalMs'>;
  #remembered: Remembered;
  #active = false;
  // Variables already put back but not yet restarted into (a failed restart, a killed step).
  #restartPending = false;
  #startedAt: number | undefined;
  #durationMs: number | undefined;

  constructor(
    deps: MaintenanceDeps,
    app: string,
    settings: Pick<MaintenanceSettings, 'variables' | 'timeoutMs' | 'pollIntervalMs'>,
  ) {
    this.#deps = deps;
    this.#settings = settings;
    this.#remembered = { app, set: settings.variables.map(({ name, value }) => ({ name, value })), previous: [] };
  }

  /** A window a killed step entered, as its `post:` step finds it. */
  static resume(deps: MaintenanceDeps, state: string, timeoutMs: number): MaintenanceWindow | undefined {
    if (!state) return undefined;
    const remembered = JSON.parse(state) as Remembered;
    const window = new MaintenanceWindow(deps, remembered.app, { variables: remembered.set, timeoutMs });
    window.#remembered = remembered;
    window.#active = true;
    // The killed step may have put the variables back without its restart: restart in any case.
    window.#restartPending = true;
    return window;
  }

  get app(): string {
    return this.#remembered.app;
  }
  get active(): boolean {
    return this.#active;
  }
  get names(): string[] {
    return this.#remembered.set.map((v) => v.name);
  }
  /** From the variables being set to the restart after they were lifted (so far, while active). */
  get durationMs(): number | undefined {
    if (this.#durationMs !== undefined) return this.#durationMs;
    return this.#startedAt === undefined ? undefined : Date.now() - this.#startedAt;
  }
  get command(): string {
    return liftCommand(this.#remembered);
  }

  #restart(why: string): Promise<unknown> {
    return restartAndConfirm(this.#deps, this.#remembered.app, {
      timeoutMs: this.#settings.timeoutMs,
      why,
      ...(this.#settings.pollIntervalMs === undefined ? {} : { intervalMs: this.#settings.pollIntervalMs }),
    });
  }

  /** Sets the variables and restarts, waiting until it is done; throws when it could not. */
  async enter(): Promise<void> {
    const { scalingo, logger, lifecycle } = this.#deps;
    const { app, set } = this.#remembered;
    const current = await scalingo.variables.list(app);
    this.#remembered.previous = set.map(({ name }) => ({
      name,
      value: current.find((v) => v.name === name)?.value ?? null,
    }));
    // Remembered before the first change: a step killed right after it still gets lifted.
    lifecycle?.remember(MAINTENANCE_STATE, JSON.stringify(this.#remembered));
    this.#active = true;
    this.#startedAt = Date.now();
    const plan = planChanges(current, set, []);
    if (plan.put.length === 0) {
      logger.warning(`${app} already had ${this.names.join(', ')} set as maintenance sets them: not restarted.`);
      return;
    }
    logger.info(`Maintenance: setting ${this.names.join(', ')} on ${app}.`);
    await scalingo.variables.upsert(app, plan.put);
    await this.#restart('into maintenance');
  }

  /** Puts the variables back and restarts; never throws (the outcome says what went wrong). */
  async lift(): Promise<LiftOutcome> {
    if (!this.#active) return { lifted: true };
    let error: unknown;
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        await this.#restore();
        this.#active = false;
        if (this.#startedAt !== undefined) this.#durationMs = Date.now() - this.#startedAt;
        this.#deps.lifecycle?.remember(MAINTENANCE_STATE, '');
        const spent = this.#durationMs === undefined ? '' : ` after ${formatDuration(this.#durationMs)}`;
        this.#deps.logger.info(`Maintenance lifted on ${this.#remembered.app}${spent}.`);
        return { lifted: true };
      } catch (caught) {
        error = caught;
        this.#deps.logger.warning(`Lifting maintenance failed (attempt ${attempt} of 2): ${firstLine(caught)}`);
      }
    }
    return { lifted: false, error: describeError(error), command: this.command };
  }

  async #restore(): Promise<void> {
    const { scalingo, logger } = this.#deps;
    const { app, set, previous } = this.#remembered;
    const current = await scalingo.variables.list(app);
    const put: { name: string; value: string }[] = [];
    const unset: string[] = [];
    for (const before of previous) {
      const now = current.find((v) => v.name === before.name);
      if ((now?.value ?? null) === before.value) continue;
      // Changed since by someone else: theirs now, not ours to put back.
      if (now?.value !== set.find((s) => s.name === before.name)?.value) {
        logger.warning(`${before.name} on ${app} was changed while in maintenance: left as it is now.`);
        continue;
      }
      if (before.value === null) unset.push(before.name);
      else put.push({ name: before.name, value: before.value });
    }
    const plan = planChanges(current, put, unset);
    if (plan.put.length > 0 || plan.deleteIds.length > 0) {
      logger.info(`Maintenance: restoring ${[...plan.changed, ...plan.added, ...plan.removed].join(', ')} on ${app}.`);
      // Before sending: a change that lands but whose answer is lost still needs its restart.
      this.#restartPending = true;
      if (plan.put.length > 0) await scalingo.variables.upsert(app, plan.put);
      if (plan.deleteIds.length > 0) await scalingo.variables.deleteMany(app, plan.deleteIds);
    }
    if (!this.#restartPending) return;
    await this.#restart('out of maintenance');
    this.#restartPending = false;
  }
}
