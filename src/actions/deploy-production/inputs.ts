import type { RunContext } from '../../shared/context.ts';
import { inputError } from '../../shared/errors.ts';
import type { Inputs } from '../../shared/inputs.ts';
import { readScalingoSettings, validateAppName } from '../../shared/scalingo-settings.ts';
import type { ScalingoSettings } from '../../shared/scalingo-settings.ts';
import {
  readBranch,
  readGithubToken,
  readHealthCheck,
  readPostDeploy,
  readTimeout,
} from '../../deploy/deploy-inputs.ts';
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
  const sentry = readSentryInputs(inputs, {
    environment: inputs.optional('environment') ?? 'production',
    release: '{version}',
  });
  const aftercare = { ...readAftercareInputs(inputs), ...(sentry.sentry ? { sentry: sentry.sentry } : {}) };
  return {
    ...(sentry.note ? { aftercareNote: sentry.note } : {}),
    scalingo,
    githubToken,
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
      ...(wantsAftercare(aftercare) ? { aftercare } : {}),
    },
  };
}
