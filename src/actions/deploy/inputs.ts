import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunContext } from '../../shared/context.ts';
import { inputError } from '../../shared/errors.ts';
import type { Inputs } from '../../shared/inputs.ts';
import { readScalingoSettings, type ScalingoSettings } from '../../shared/scalingo-settings.ts';
import { parseEnvLines, parseSize, type ContainerSize } from '../../deploy/post-deploy-commands.ts';
import type { SourceMode } from '../../deploy/source.ts';

export interface DeployInputs {
  scalingo: ScalingoSettings;
  githubToken: string;
  /** As written (or the workflow's commit): resolved to a SHA through GitHub before anything changes. */
  ref: string;
  source: SourceMode;
  /** Absolute directory to upload (source: upload). */
  path: string;
  branch: string | undefined;
  timeoutMs: number;
  environment: string;
  githubDeployment: boolean;
  healthCheck: { target: string; timeoutMs: number } | undefined;
  postDeploy: { commands: string[]; size: ContainerSize; env: Record<string, string> } | undefined;
}

const SOURCES = ['archive', 'upload', 'integration'] as const;

// What git accepts in a ref name, roughly: no spaces, no `..`, none of ~^:?*[\ and no leading '-'.
const REF = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[^\s~^:?*[\\\x00-\x1f\x7f]+(?<![./])$/;
const BRANCH = REF;

export function isFullSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/i.test(ref);
}

function readRef(inputs: Inputs, context: RunContext): string {
  const ref = inputs.optional('ref') ?? context.sha;
  if (!ref) throw inputError('ref', 'is empty and the workflow has no commit (GITHUB_SHA)', 'Set `ref:` to a commit SHA, a branch or a tag.');
  if (!REF.test(ref) || ref.length > 255) {
    throw inputError('ref', `'${ref}' is not a git ref`, 'Give a commit SHA, a branch name or a tag name (e.g. `${{ github.sha }}`, main, v1.2.0).');
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
    throw inputError('path', `'${given ?? path}' does not exist (looked for ${path})`, 'Point `path:` at the directory to upload, relative to the workspace, and check out or build it in an earlier step.');
  }
  if (!isDirectory) throw inputError('path', `'${given ?? path}' is not a directory`, 'Point `path:` at the directory to upload; it is packed as one .tar.gz.');
  if (resolve(path, '..') === path) throw inputError('path', 'is the filesystem root', 'Point `path:` at the directory of your app.');
  return path;
}

function readHealthCheck(inputs: Inputs): DeployInputs['healthCheck'] {
  const target = inputs.optional('health-check');
  const timeoutMs = inputs.duration('health-check-timeout', '2m');
  if (target === undefined) return undefined;
  if (/^https?:\/\//i.test(target)) {
    inputs.url('health-check');
  } else if (!target.startsWith('/') || /\s/.test(target)) {
    throw inputError('health-check', `'${target}' is neither a path nor a URL`, 'Give a path on the app such as /healthz, or a full https:// URL.');
  }
  return { target, timeoutMs };
}

/** Every input of the action, validated before any request that changes something. */
export function readDeployInputs(inputs: Inputs, env: NodeJS.ProcessEnv, context: RunContext): DeployInputs {
  const scalingo = readScalingoSettings(inputs, env);
  const githubToken = inputs.required('github-token', 'Leave `github-token` at its default (`${{ github.token }}`) or pass a token that can read the repository.');
  const ref = readRef(inputs, context);
  const source = inputs.oneOf('source', SOURCES, 'archive');
  const path = readPath(inputs, context, source);
  const branch = inputs.optional('branch');
  if (branch !== undefined && !BRANCH.test(branch)) throw inputError('branch', `'${branch}' is not a branch name`, 'Give the name of the linked branch, e.g. main.');
  const commands = inputs.lines('post-deploy');
  const postDeployEnv = parseEnvLines('post-deploy-env', inputs.lines('post-deploy-env'));
  const size = parseSize('post-deploy-size', inputs.optional('post-deploy-size'));
  return {
    scalingo,
    githubToken,
    ref,
    source,
    path,
    branch,
    timeoutMs: inputs.duration('timeout', '30m'),
    environment: inputs.optional('environment') ?? scalingo.app,
    githubDeployment: inputs.boolean('github-deployment', true),
    healthCheck: readHealthCheck(inputs),
    postDeploy: commands.length > 0 ? { commands, size, env: postDeployEnv } : undefined,
  };
}
