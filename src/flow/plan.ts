// The root action (`uses: OWNER/scalingo-actions@v1`) reads the event and picks one path, the same
// code as the action it stands for, fed with the inputs that action would have been given. Pure:
// the event and the settings in, the path and its inputs out.
import type { RunContext } from '../shared/context.ts';
import { parseTagPattern, versionOfTag, DEFAULT_TAG_PATTERN } from '../production/version.ts';

export interface FlowSettings {
  stagingApp: string | undefined;
  /** Undefined: the repository's default branch. */
  stagingBranch: string | undefined;
  productionApp: string | undefined;
  tagPattern: string | undefined;
  allowPrerelease: boolean;
  reviewParentApp: string | undefined;
  /** The root action's review-app inputs, under their review-app names (addons, env, …). */
  review: Record<string, string>;
}

export type FlowPath = 'review-app' | 'deploy' | 'deploy-production';

export type FlowPlan =
  | {
      path: FlowPath;
      flow: 'review app' | 'staging' | 'production' | 'forced deploy' | 'cleanup';
      why: string;
      inputs: Record<string, string>;
    }
  | { path: 'nothing'; why: string };

interface Payload {
  repository?: { default_branch?: string };
  inputs?: Record<string, unknown>;
}

const text = (value: unknown) =>
  typeof value === 'string' ? value.trim() : typeof value === 'boolean' ? String(value) : '';

export function planFlow(context: RunContext, settings: FlowSettings): FlowPlan {
  const payload = context.payload as Payload;
  const event = context.eventName;
  const nothing = (why: string): FlowPlan => ({ path: 'nothing', why });

  if (event === 'pull_request' || event === 'pull_request_target') {
    if (!settings.reviewParentApp) return nothing(`the ${event} event, and no \`review-parent-app\` for review apps`);
    return {
      path: 'review-app',
      flow: 'review app',
      why: `the ${event} event: the pull request's review app, made from ${settings.reviewParentApp}`,
      inputs: { ...settings.review, 'parent-app': settings.reviewParentApp },
    };
  }
  if (event === 'schedule') {
    if (!settings.reviewParentApp) return nothing('the schedule event, and no `review-parent-app` to clean up');
    return {
      path: 'review-app',
      flow: 'cleanup',
      why: `the schedule event: cleanup of ${settings.reviewParentApp}'s review apps`,
      inputs: { ...settings.review, 'parent-app': settings.reviewParentApp, cleanup: 'true' },
    };
  }
  if (event === 'workflow_dispatch') return planDispatch(context, settings, payload.inputs ?? {});
  if (event !== 'push') return nothing(`the ${event || 'unknown'} event`);

  const tag = /^refs\/tags\/(.+)$/.exec(context.ref)?.[1];
  if (tag !== undefined) {
    const pattern = parseTagPattern(
      'tag-pattern',
      settings.tagPattern ?? DEFAULT_TAG_PATTERN,
      settings.allowPrerelease,
    );
    if (!('version' in versionOfTag(pattern, tag)))
      return nothing(`a push of tag ${tag}, which is not a release tag (${pattern.text})`);
    if (!settings.productionApp) return nothing(`a push of release tag ${tag}, and no \`production-app\``);
    return production(settings, tag, false, `a push of release tag ${tag}`);
  }
  const branch = /^refs\/heads\/(.+)$/.exec(context.ref)?.[1] ?? '';
  const staging = settings.stagingBranch ?? payload.repository?.default_branch ?? 'main';
  if (branch !== staging) return nothing(`a push to ${branch || context.ref}, not to ${staging}`);
  if (!settings.stagingApp) return nothing(`a push to ${staging}, and no \`staging-app\``);
  return {
    path: 'deploy',
    flow: 'staging',
    why: `a push to ${staging}: ${context.sha.slice(0, 7)} to ${settings.stagingApp}`,
    inputs: { app: settings.stagingApp, ref: context.sha },
  };
}

/** `workflow_dispatch` inputs `tag` (a release, `force` to skip its version and staging guards) or `ref` (a deploy to staging). */
function planDispatch(context: RunContext, settings: FlowSettings, inputs: Record<string, unknown>): FlowPlan {
  const tag = text(inputs.tag);
  const force = text(inputs.force) === 'true';
  if (tag) {
    if (!settings.productionApp)
      return { path: 'nothing', why: `a manual release of ${tag}, and no \`production-app\`` };
    return production(settings, tag, force, `a manual release of ${tag}${force ? ' (forced)' : ''}`);
  }
  if (!settings.stagingApp) return { path: 'nothing', why: 'a manual deploy, and no `staging-app`' };
  const ref = text(inputs.ref) || context.sha;
  return {
    path: 'deploy',
    flow: 'forced deploy',
    why: `a manual deploy of ${ref === context.sha ? ref.slice(0, 7) : ref} to ${settings.stagingApp}`,
    inputs: { app: settings.stagingApp, ref },
  };
}

function production(settings: FlowSettings, tag: string, force: boolean, why: string): FlowPlan {
  return {
    path: 'deploy-production',
    flow: 'production',
    why: `${why}: to ${settings.productionApp}, then its release published`,
    inputs: {
      app: settings.productionApp!,
      tag,
      force: String(force),
      ...(settings.stagingApp ? { 'staging-app': settings.stagingApp } : {}),
      ...(settings.stagingBranch ? { branch: settings.stagingBranch } : {}),
      ...(settings.tagPattern ? { 'tag-pattern': settings.tagPattern } : {}),
      'allow-prerelease': String(settings.allowPrerelease),
    },
  };
}
