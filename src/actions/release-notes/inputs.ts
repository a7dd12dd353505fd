import { isAbsolute, join } from 'node:path';
import type { RunContext } from '../../shared/context.ts';
import { inputError } from '../../shared/errors.ts';
import type { Inputs } from '../../shared/inputs.ts';
import { DEFAULT_CONFIG_PATH } from '../../release-notes/config-file.ts';
import { LANGUAGES } from '../../release-notes/strings.ts';
import type { Language } from '../../release-notes/strings.ts';
import { parseVersionTag } from '../../release-notes/versions.ts';
import { readAftercareInputs } from '../../aftercare/inputs.ts';
import type { AftercareParams } from '../../aftercare/params.ts';
import { validateAppName } from '../../shared/app-name.ts';

export interface ReleaseNotesInputs {
  githubToken: string;
  /** The tag released: the input, else the pushed tag; undefined drafts from `head`. */
  tag: string | undefined;
  previousTag: string | undefined;
  tagPrefix: string;
  /** The end of the range without a tag: the `target` input or the workflow's commit. */
  head: string;
  language: Language;
  configPath: string;
  publish: boolean;
  dryRun: boolean;
  /** Absolute path of the checkout. */
  path: string;
  /** The chores once the release is published (released comments, milestone). */
  aftercare: AftercareParams;
  /** The app that runs the release, named in the released comments. */
  app?: string;
}

const REF = /^(?!-)[^\s~^:?*[\\\x00-\x1f\x7f]+$/;

function ref(raw: string | undefined, name: string, fix: string): string | undefined {
  const value = raw?.replace(/^refs\/(tags|heads)\//, '');
  if (value !== undefined && !REF.test(value)) throw inputError(name, `'${value}' is not a git ref`, fix);
  return value;
}

/** Every input of the action, checked before any request is sent. */
export function readReleaseNotesInputs(inputs: Inputs, context: RunContext): ReleaseNotesInputs {
  const githubToken = inputs.required(
    'github-token',
    'Leave the default (`${{ github.token }}`) and give the job `permissions: { contents: write, pull-requests: read }`.',
  );
  const tagPrefix = inputs.raw('tag-prefix') === '' ? 'v' : inputs.raw('tag-prefix');
  if (/\s/.test(tagPrefix))
    throw inputError(
      'tag-prefix',
      `'${tagPrefix}' contains spaces`,
      "Use the text before the version in your tags, such as 'v' for v1.2.3.",
    );
  const pushedTag = context.ref.startsWith('refs/tags/') ? context.ref.slice('refs/tags/'.length) : undefined;
  const tag = ref(inputs.optional('tag'), 'tag', 'Give a tag such as v1.4.0.') ?? pushedTag;
  if (tag !== undefined && parseVersionTag(tag, tagPrefix) === null) {
    throw inputError(
      'tag',
      `'${tag}' is not a version tag with the prefix '${tagPrefix}'${inputs.optional('tag') ? '' : ' (the pushed tag)'}`,
      `Use tags like ${tagPrefix}1.4.0 (semver after the prefix), trigger on \`push: { tags: ['${tagPrefix}*.*.*'] }\`, or set 'tag-prefix'.`,
    );
  }
  const previousTag = ref(
    inputs.optional('previous-tag'),
    'previous-tag',
    'Give an existing tag such as v1.3.0, or leave it empty.',
  );
  const head =
    ref(
      inputs.optional('target'),
      'target',
      'Give a branch name or a commit SHA, or leave it empty for the workflow commit.',
    ) ?? context.sha;
  if (!head) throw inputError('target', 'is empty and GITHUB_SHA is not set', 'Give a branch name or a commit SHA.');
  const language = inputs.oneOf('language', LANGUAGES, 'en');
  const publish = inputs.boolean('publish', false);
  const dryRun = inputs.boolean('dry-run', false);
  if (publish && tag === undefined) {
    throw inputError(
      'publish',
      'is true but there is no tag to publish (neither the tag input nor a tag push)',
      'Publish from a workflow triggered by a tag push, or pass `tag:`; on branch pushes keep the draft (publish: false).',
    );
  }
  const path = inputs.optional('path') ?? context.workspace;
  const aftercare = readAftercareInputs(inputs);
  const app = inputs.optional('app');
  return {
    aftercare,
    ...(app === undefined ? {} : { app: validateAppName('app', app) }),
    githubToken,
    tag,
    previousTag,
    tagPrefix,
    head,
    language,
    configPath: inputs.optional('config-path') ?? DEFAULT_CONFIG_PATH,
    publish,
    dryRun,
    path: isAbsolute(path) ? path : join(context.workspace, path),
  };
}
