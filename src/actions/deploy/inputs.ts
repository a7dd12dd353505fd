import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunContext } from '../../shared/context.ts';
import { inputError } from '../../shared/errors.ts';
import { isRefName, looksLikeSha } from '../../shared/git-refs.ts';
import type { Inputs } from '../../shared/inputs.ts';
import { readScalingoSettings, type ScalingoSettings } from '../../shared/scalingo-settings.ts';
import {
  readBranch,
  readGithubToken,
  readHealthCheck,
  readPostDeploy,
  readRequireEnv,
  readTimeout,
} from '../../deploy/deploy-inputs.ts';
import type { DestructiveAllowance } from '../../post-deploy/forbid.ts';
import { isProductionEnvironment, readForbidden } from '../../post-deploy/forbid-inputs.ts';
import type { DeployParams } from '../../deploy/deploy.ts';
import type { SourceMode, SourceSpec } from '../../deploy/source.ts';
import { readSentryInputs, type SentryParams } from '../../sentry/inputs.ts';

export interface DeployInputs {
  scalingo: ScalingoSettings;
  githubToken: string;
  /** As written (or the workflow's commit): resolved to a SHA through GitHub before anything changes. */
  ref: string;
  /** The deploy, as the domain takes it, but for the SHA the ref resolves to. */
  deploy: Omit<DeployParams, 'sha'>;
  /** Incoming webhook (a secret) for the one message of the outcome. */
  notifyWebhook?: string;
  /** Destructive post-deploy commands `allow-destructive` let through, and who ran the workflow. */
  destructive?: DestructiveAllowance;
  /** Recording the deploy in Sentry (release = the SHA), when a token is given. */
  sentry?: SentryParams;
  /** Why Sentry is off though some of its inputs are set. */
  sentryNote?: string;
}

function sourceSpec(source: SourceMode, path: string, ref: string, branch: string | undefined): SourceSpec {
  if (source === 'upload') return { mode: 'upload', path };
  if (source === 'integration') {
    const sha = looksLikeSha(ref);
    return { mode: 'integration', branch: branch ?? (sha ? undefined : ref), expectSha: sha };
  }
  return { mode: 'archive' };
}

const SOURCES = ['archive', 'upload', 'integration'] as const;

function readRef(inputs: Inputs, context: RunContext): string {
  const ref = inputs.optional('ref') ?? context.sha;
  if (!ref)
    throw inputError(
      'ref',
      'is empty and the workflow has no commit (GITHUB_SHA)',
      'Set `ref:` to a commit SHA, a branch or a tag.',
    );
  if (!isRefName(ref) || ref.length > 255) {
    throw inputError(
      'ref',
      `'${ref}' is not a git ref`,
      'Give a commit SHA, a branch name or a tag name (e.g. `${{ github.sha }}`, main, v1.2.0).',
    );
  }
  return ref;
}

function readPath(inputs: Inputs, context: RunContext, source: SourceMode): string {
  const given = inputs.optional('path');
  const path = resolve(context.workspace, given ?? '.');
  if (source !== 'upload') return path;
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw inputError(
      'path',
      `'${given ?? path}' does not exist (looked for ${path})`,
      'Point `path:` at the directory to upload, relative to the workspace, and check out or build it in an earlier step.',
    );
  }
  if (!isDirectory)
    throw inputError(
      'path',
      `'${given ?? path}' is not a directory`,
      'Point `path:` at the directory to upload; it is packed as one .tar.gz.',
    );
  if (resolve(path, '..') === path)
    throw inputError('path', 'is the filesystem root', 'Point `path:` at the directory of your app.');
  return path;
}

/** Every input of the action, validated before any request that changes something. */
export function readDeployInputs(inputs: Inputs, env: NodeJS.ProcessEnv, context: RunContext): DeployInputs {
  const scalingo = readScalingoSettings(inputs, env);
  const githubToken = readGithubToken(inputs, 'that can read the repository');
  const ref = readRef(inputs, context);
  const source = inputs.oneOf('source', SOURCES, 'archive');
  const path = readPath(inputs, context, source);
  const branch = readBranch(inputs, 'Give the name of the linked branch, e.g. main.');
  const postDeploy = readPostDeploy(inputs);
  const environment = inputs.optional('environment') ?? scalingo.app;
  const destructive = readForbidden(inputs, {
    input: 'post-deploy',
    commands: postDeploy?.commands ?? [],
    production: isProductionEnvironment(environment),
    app: scalingo.app,
    actor: context.actor,
  });
  const notifyWebhook = inputs.url('notify-webhook');
  const sentry = readSentryInputs(inputs, {
    environment: inputs.optional('environment') ?? scalingo.app,
    release: '{sha}',
  });
  return {
    ...(sentry.sentry ? { sentry: sentry.sentry } : {}),
    ...(sentry.note ? { sentryNote: sentry.note } : {}),
    scalingo,
    githubToken,
    ref,
    deploy: {
      app: scalingo.app,
      source: sourceSpec(source, path, ref, branch),
      timeoutMs: readTimeout(inputs),
      environment,
      githubDeployment: inputs.boolean('github-deployment', true),
      healthCheck: readHealthCheck(inputs),
      postDeploy,
      requireEnv: readRequireEnv(inputs, context.workspace),
    },
    ...(notifyWebhook ? { notifyWebhook } : {}),
    ...(destructive ? { destructive } : {}),
  };
}
