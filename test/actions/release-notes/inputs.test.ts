import { describe, expect, it } from 'vitest';
import { readReleaseNotesInputs } from '../../../src/actions/release-notes/inputs.ts';
import type { RunContext } from '../../../src/shared/context.ts';
import { ConfigurationError } from '../../../src/shared/errors.ts';
import { Inputs, readerFromMap } from '../../../src/shared/inputs.ts';

const context = (ref: string): RunContext => ({
  owner: 'acme',
  repo: 'shop',
  sha: 'f'.repeat(40),
  ref,
  refName: ref.replace(/^refs\/(heads|tags)\//, ''),
  eventName: 'push',
  actor: 'octocat',
  runId: '1',
  runAttempt: '1',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  graphqlUrl: 'https://api.github.com/graphql',
  workspace: '/home/runner/work/shop/shop',
  payload: {},
});

const read = (values: Record<string, string>, ref = 'refs/heads/main') =>
  readReleaseNotesInputs(new Inputs(readerFromMap({ 'github-token': 'ghs_x', ...values })), context(ref));

describe('readReleaseNotesInputs', () => {
  it('defaults: drafts from the workflow commit, English, the workspace checkout', () => {
    expect(read({})).toEqual({
      githubToken: 'ghs_x',
      tag: undefined,
      previousTag: undefined,
      tagPrefix: 'v',
      head: 'f'.repeat(40),
      language: 'en',
      configPath: '.github/release.yml',
      publish: false,
      dryRun: false,
      path: '/home/runner/work/shop/shop',
      aftercare: { releasedComment: false, milestone: 'off' },
    });
  });

  it('released-comment, milestone and the app the comments name', () => {
    expect(read({ 'released-comment': 'true', milestone: 'create-and-close', app: 'shop' })).toMatchObject({
      aftercare: { releasedComment: true, milestone: 'create-and-close' },
      app: 'shop',
    });
    expect(() => read({ milestone: 'open' })).toThrow(
      /Input 'milestone': 'open' is not one of off, close, create-and-close/,
    );
    expect(() => read({ app: 'My App' })).toThrow(/Input 'app': 'My App' is not a Scalingo app name/);
  });

  it.each([
    [{}, 'refs/tags/v1.4.0', 'v1.4.0'],
    [{ tag: 'v2.0.0-rc.1' }, 'refs/heads/main', 'v2.0.0-rc.1'],
    [{ tag: 'refs/tags/v2.0.0' }, 'refs/tags/v1.0.0', 'v2.0.0'],
    [{ 'tag-prefix': 'release-' }, 'refs/tags/release-3.1.0', 'release-3.1.0'],
  ])('tag from %j on %s -> %s', (values, ref, tag) => {
    expect(read(values, ref).tag).toBe(tag);
  });

  it('resolves a relative path against the workspace and reads the rest', () => {
    expect(
      read({
        path: 'app',
        target: 'develop',
        'previous-tag': 'v1.0.0',
        language: 'fr',
        'dry-run': 'true',
        'config-path': 'docs/release.yml',
      }),
    ).toMatchObject({
      path: '/home/runner/work/shop/shop/app',
      head: 'develop',
      previousTag: 'v1.0.0',
      language: 'fr',
      dryRun: true,
      configPath: 'docs/release.yml',
    });
  });

  it.each([
    [{ 'github-token': '' }, 'refs/heads/main', "Input 'github-token': is required"],
    [{}, 'refs/tags/nightly', "Input 'tag': 'nightly' is not a version tag with the prefix 'v' (the pushed tag)"],
    [{ tag: 'v1.2' }, 'refs/heads/main', "Input 'tag': 'v1.2' is not a version tag"],
    [{ tag: 'v1.2.0 ' + 'x' }, 'refs/heads/main', "Input 'tag': 'v1.2.0 x' is not a git ref"],
    [{ 'previous-tag': '--output=x' }, 'refs/heads/main', "Input 'previous-tag': '--output=x' is not a git ref"],
    [{ 'tag-prefix': 'v ' + 'x' }, 'refs/heads/main', "Input 'tag-prefix': 'v x' contains spaces"],
    [{ language: 'de' }, 'refs/heads/main', "Input 'language': 'de' is not one of en, fr"],
    [{ publish: 'yes please' }, 'refs/heads/main', "Input 'publish': 'yes please' is not a boolean"],
    [{ publish: 'true' }, 'refs/heads/main', "Input 'publish': is true but there is no tag"],
  ])('refuses %j on %s', (values, ref, message) => {
    expect(() => read(values, ref)).toThrow(ConfigurationError);
    expect(() => read(values, ref)).toThrow(message);
  });
});
