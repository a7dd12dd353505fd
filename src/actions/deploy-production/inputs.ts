import type { RunContext } from '../../shared/context.ts';
import { ConfigurationError, inputError } from '../../shared/errors.ts';
import type { Inputs } from '../../shared/inputs.ts';
import { readScalingoSettings, validateAppName } from '../../shared/scalingo-settings.ts';
import type { ScalingoSettings } from '../../shared/scalingo-settings.ts';
import {
  readBranch,
  readGithubToken,
  readHealthCheck,
  readPostDeploy,
  readRequireEnv,
  readTimeout,
} from '../../deploy/deploy-inputs.ts';
import { readForbidden } from '../../post-deploy/forbid-inputs.ts';
import { parseDeployWindows } from '../../production/deploy-window.ts';
import type { MaintenanceMode, MaintenanceSettings } from '../../production/maintenance.ts';
import { parseAssignments } from '../../variables/parse.ts';
import { readAftercareInputs, wantsAftercare } from '../../aftercare/inputs.ts';
import { readSentryInputs } from '../../sentry/inputs.ts';
import type { ProductionParams } from '../../production/params.ts';
import { DEFAULT_TAG_PATTERN, parseTagPattern, requireVersion } from '../../production/version.ts';

export interface DeployProductionInputs {
  scalingo: ScalingoSettings;
  githubToken: string;
  /** The release, as the domain takes it. */
  release: ProductionParams;
  /** Why a configured chore is off (Sentry inputs without a token). */
  aftercareNote?: string;
  /** The clock of the deploy-window guard: the runner's, unless the SCALINGO_ACTIONS_NOW test hook sets it. */
  now?: () => Date;
}

const MAINTENANCE_MODES: readonly MaintenanceMode[] = ['off', 'during-post-deploy', 'during-release'];

/**
 * A test hook, read here only: SCALINGO_ACTIONS_NOW=<ISO instant> starts the clock at that instant
 * (it then runs on), so an end-to-end test can release on a Sunday.
 */
function readClock(env: NodeJS.ProcessEnv): (() => Date) | undefined {
  const text = env.SCALINGO_ACTIONS_NOW;
  if (!text) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) {
    throw new ConfigurationError(
      `The SCALINGO_ACTIONS_NOW environment variable (a test hook) is not a date: '${text}'. Give an ISO 8601 instant such as 2026-03-29T10:00:00Z, or unset it.`,
    );
  }
  const started = Date.now();
  return () => new Date(at + (Date.now() - started));
}

function readMaintenance(inputs: Inputs, hasPostDeploy: boolean): MaintenanceSettings | undefined {
  const mode = inputs.oneOf('maintenance', MAINTENANCE_MODES, 'off');
  // The banner and flag values are written in the workflow for everyone to see: not secrets, not masked.
  const variables = parseAssignments(
    'maintenance-variables',
    inputs.raw('maintenance-variables') || 'MAINTENANCE_ENABLE=1',
    () => {},
  );
  const timeoutMs = inputs.duration('maintenance-timeout', '5m');
  if (mode === 'off') return undefined;
  if (mode === 'during-post-deploy' && !hasPostDeploy) {
    throw inputError(
      'maintenance',
      "is 'during-post-deploy' but there are no post-deploy commands",
      'List the commands (migrations) in `post-deploy`, or use `maintenance: during-release` to cover the deploy itself.',
    );
  }
  return { mode, variables, timeoutMs };
}

const BACKUP_MODES = ['auto', 'true', 'false'] as const;

/** The pushed tag on a tag push; a workflow_dispatch run must name it. */
function readTag(inputs: Inputs, context: RunContext): string {
  const tag = inputs.optional('tag') ?? (context.ref.startsWith('refs/tags/') ? context.refName : undefined);
  if (tag === undefined) {
    throw inputError(
      'tag',
      `is empty and this run was not triggered by a tag push (ref ${context.ref || 'unknown'})`,
      'Pass `tag: ${{ inputs.tag || github.ref_name }}` and trigger the workflow on `push: { tags: [v*.*.*] }` or from workflow_dispatch with a tag.',
    );
  }
  return tag.replace(/^refs\/tags\//, '');
}

/** Every input, validated before the first request: a typo never reaches production. */
export function readDeployProductionInputs(
  inputs: Inputs,
  env: NodeJS.ProcessEnv,
  context: RunContext,
): DeployProductionInputs {
  const scalingo = readScalingoSettings(inputs, env);
  const githubToken = readGithubToken(inputs, 'with `contents: write` and `deployments: write`');
  const pattern = parseTagPattern(
    'tag-pattern',
    inputs.optional('tag-pattern') ?? DEFAULT_TAG_PATTERN,
    inputs.boolean('allow-prerelease', false),
  );
  const tag = readTag(inputs, context);
  const version = requireVersion(pattern, tag);
  const branch = readBranch(inputs, 'Give the branch releases are tagged from, e.g. main.');
  const stagingName = inputs.optional('staging-app');
  const stagingApp = stagingName === undefined ? undefined : validateAppName('staging-app', stagingName);
  if (stagingApp === scalingo.app) {
    throw inputError(
      'staging-app',
      `is the production app itself (${stagingApp})`,
      'Name the staging app the release was checked on, or leave `staging-app` empty.',
    );
  }
  const postDeploy = readPostDeploy(inputs);
  const healthCheck = readHealthCheck(inputs);
  const notifyWebhook = inputs.url('notify-webhook');
  const destructive = readForbidden(inputs, {
    input: 'post-deploy',
    commands: postDeploy?.commands ?? [],
    production: true,
    app: scalingo.app,
    actor: context.actor,
  });
  const windowSpec = inputs.optional('deploy-window');
  const deployWindows = windowSpec === undefined ? undefined : parseDeployWindows(windowSpec);
  const maintenance = readMaintenance(inputs, postDeploy !== undefined);
  const requireEnv = readRequireEnv(inputs, context.workspace);
  const now = readClock(env);
  const sentry = readSentryInputs(inputs, {
    environment: inputs.optional('environment') ?? 'production',
    release: '{version}',
  });
  const aftercare = { ...readAftercareInputs(inputs), ...(sentry.sentry ? { sentry: sentry.sentry } : {}) };
  return {
    ...(sentry.note ? { aftercareNote: sentry.note } : {}),
    scalingo,
    githubToken,
    ...(now ? { now } : {}),
    release: {
      app: scalingo.app,
      tag,
      version,
      pattern,
      force: inputs.boolean('force', false),
      backup: {
        mode: inputs.oneOf('backup', BACKUP_MODES, 'auto'),
        timeoutMs: inputs.duration('backup-timeout', '1h'),
      },
      timeoutMs: readTimeout(inputs),
      environment: inputs.optional('environment') ?? 'production',
      rollback: inputs.boolean('rollback', true),
      release: inputs.boolean('release', true),
      branch,
      stagingApp,
      postDeploy,
      healthCheck,
      notifyWebhook,
      requireEnv,
      ...(deployWindows ? { deployWindows } : {}),
      ...(maintenance ? { maintenance } : {}),
      ...(destructive ? { destructive } : {}),
      ...(wantsAftercare(aftercare) ? { aftercare } : {}),
    },
  };
}
