// The guards a team's runbook adds to the release checks: deploy only inside the deploy window
// (when someone who can react is at hand), and only when the app has the variables it needs.
import type { ScalingoApi } from '../scalingo/api.ts';
import { missingAfter } from '../variables/plan.ts';
import type { RequiredName } from '../variables/required.ts';
import { localTime, nextOpening, openWindow, type DeployWindow } from './deploy-window.ts';
import { FORCE_HINT, GuardRefusal, type GuardCheck } from './guards.ts';

/** The deploy-window guard: open now, or skipped by a forced run, or refused with the next opening. */
export function checkDeployWindow(windows: readonly DeployWindow[], now: Date, force: boolean): GuardCheck {
  const open = openWindow(windows, now);
  if (open) {
    return {
      guard: 'deploy-window',
      outcome: 'passed',
      detail: `${localTime(now, open.timeZone)} is within ${open.text}`,
    };
  }
  const zone = windows[0]!.timeZone;
  const next = nextOpening(windows, now);
  const opening = next
    ? `the next opening is ${localTime(next.at, next.window.timeZone)} (${next.at.toISOString().slice(0, 16)}Z)`
    : 'no opening in the next week';
  const saw = `it is ${localTime(now, zone)}, outside ${windows.map((w) => w.text).join(', ')}; ${opening}`;
  if (force) return { guard: 'deploy-window', outcome: 'skipped', detail: `forced: ${saw}` };
  throw new GuardRefusal('deploy-window', saw, `Release then, when someone can react. ${FORCE_HINT}`);
}

/** The env guard: every required variable is on the production app (a GET, nothing else). */
export async function checkRequiredVariables(
  scalingo: Pick<ScalingoApi, 'variables'>,
  app: string,
  required: readonly RequiredName[],
): Promise<GuardCheck> {
  const missing = missingAfter(await scalingo.variables.list(app), required);
  if (missing.length === 0)
    return { guard: 'env', outcome: 'passed', detail: `${app} has the ${required.length} required variable(s)` };
  const sources = [...new Set(missing.map((m) => m.from))].join(', ');
  throw new GuardRefusal(
    'env',
    `${missing.length} required environment variable(s) missing on ${app}: ${missing.map((m) => m.name).join(', ')} (required by ${sources})`,
    `Add them (the variables action, or \`scalingo --app ${app} env-set ${missing.map((m) => `${m.name}=…`).join(' ')}\`), then release again. \`force\` does not skip this guard.`,
  );
}
