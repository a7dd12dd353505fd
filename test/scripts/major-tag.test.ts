import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatPlan, planMajorTag, type MajorTagPlan, type TagSnapshot } from '../../scripts/major-tag.ts';

/** Tags of a pretend repository: each tag name with the commit it points at. */
function snapshot(tags: Record<string, string>): TagSnapshot {
  return { names: Object.keys(tags), commitOf: (name) => tags[name] };
}

interface Case {
  case: string;
  tag: string;
  /** Tag name -> commit, as `git tag --list 'v*'` and `git rev-parse` would see them. */
  tags: Record<string, string>;
  plan: MajorTagPlan;
}

describe('planMajorTag', () => {
  it.each<Case>([
    {
      case: 'a hotfix tagged after a newer minor leaves the major tag where it is',
      tag: 'v1.2.1',
      tags: { 'v1.2.0': 'c120', 'v1.3.0': 'c130', v1: 'c130', 'v1.2.1': 'c121' },
      plan: { action: 'none', major: 'v1', reason: 'v1 stays on v1.3.0, which is newer than v1.2.1' },
    },
    {
      case: 'a prerelease never moves a major tag',
      tag: 'v1.4.0-rc.1',
      tags: { 'v1.3.0': 'c130', v1: 'c130', 'v1.4.0-rc.1': 'c140rc' },
      plan: { action: 'none', major: 'v1', reason: 'v1.4.0-rc.1 is a prerelease: v1 never points at one' },
    },
    {
      case: 'a prerelease of a new major never creates its major tag',
      tag: 'v2.0.0-rc.1',
      tags: { 'v1.3.0': 'c130', v1: 'c130', 'v2.0.0-rc.1': 'c200rc' },
      plan: { action: 'none', major: 'v2', reason: 'v2.0.0-rc.1 is a prerelease: v2 never points at one' },
    },
    {
      case: 'the first release of a new major creates its major tag',
      tag: 'v2.0.0',
      tags: { 'v1.3.0': 'c130', v1: 'c130', 'v2.0.0-rc.1': 'c200rc', 'v2.0.0': 'c200' },
      plan: { action: 'create', major: 'v2', sha: 'c200', reason: 'v2.0.0 is the first release of v2' },
    },
    {
      case: 'the first release of the first major creates it too',
      tag: 'v1.0.0',
      tags: { 'v1.0.0': 'c100' },
      plan: { action: 'create', major: 'v1', sha: 'c100', reason: 'v1.0.0 is the first release of v1' },
    },
    {
      case: 'a normal newer release moves the major tag forward',
      tag: 'v1.4.0',
      tags: { 'v1.3.0': 'c130', v1: 'c130', 'v1.4.0': 'c140' },
      plan: { action: 'move', major: 'v1', sha: 'c140', reason: 'v1.4.0 is the newest v1 release' },
    },
    {
      case: 'a patch of the newest minor moves it too',
      tag: 'v1.3.1',
      tags: { 'v1.2.0': 'c120', 'v1.3.0': 'c130', v1: 'c130', 'v1.3.1': 'c131' },
      plan: { action: 'move', major: 'v1', sha: 'c131', reason: 'v1.3.1 is the newest v1 release' },
    },
    {
      case: 're-running the same version changes nothing',
      tag: 'v1.4.0',
      tags: { 'v1.3.0': 'c130', 'v1.4.0': 'c140', v1: 'c140' },
      plan: { action: 'none', major: 'v1', reason: 'v1 already points at v1.4.0' },
    },
    {
      case: 'a hotfix of an older major moves that major, never the newer one',
      tag: 'v1.3.1',
      tags: { 'v1.3.0': 'c130', v1: 'c130', 'v2.0.0': 'c200', v2: 'c200', 'v1.3.1': 'c131' },
      plan: { action: 'move', major: 'v1', sha: 'c131', reason: 'v1.3.1 is the newest v1 release' },
    },
    {
      case: 'versions compare as semver, not as text (v1.10.0 is newer than v1.9.0)',
      tag: 'v1.9.1',
      tags: { 'v1.9.0': 'c190', 'v1.10.0': 'c1100', v1: 'c1100', 'v1.9.1': 'c191' },
      plan: { action: 'none', major: 'v1', reason: 'v1 stays on v1.10.0, which is newer than v1.9.1' },
    },
    {
      case: 'a newer prerelease does not hold back a final release',
      tag: 'v1.4.0',
      tags: { v1: 'c130', 'v1.3.0': 'c130', 'v1.5.0-rc.1': 'c150rc', 'v1.4.0': 'c140' },
      plan: { action: 'move', major: 'v1', sha: 'c140', reason: 'v1.4.0 is the newest v1 release' },
    },
  ])('$case', ({ tag, tags, plan }) => {
    expect(planMajorTag(tag, snapshot(tags))).toEqual(plan);
  });

  it.each(['v1', 'v1.2', '1.2.3', 'v1.2.3+build.5', 'v01.2.3', 'latest'])('refuses %s, not a release tag', (tag) => {
    expect(() => planMajorTag(tag, snapshot({ [tag]: 'c' }))).toThrow(/not a release tag/);
  });

  it('refuses a tag the checkout does not have', () => {
    expect(() => planMajorTag('v1.4.0', snapshot({ 'v1.3.0': 'c130' }))).toThrow(/fetch the tags/);
  });

  it('prints the plan as $GITHUB_OUTPUT lines', () => {
    expect(formatPlan({ action: 'move', major: 'v1', sha: 'c140', reason: 'v1.4.0 is the newest v1 release' })).toBe(
      'action=move\nmajor=v1\nsha=c140\nreason=v1.4.0 is the newest v1 release\n',
    );
    expect(formatPlan({ action: 'none', major: 'v1', reason: 'r' })).toBe('action=none\nmajor=v1\nsha=\nreason=r\n');
  });
});

describe('node scripts/major-tag.ts', () => {
  const script = resolve(import.meta.dirname, '../../scripts/major-tag.ts');
  const repo = mkdtempSync(join(tmpdir(), 'major-tag-'));
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
  const commit = (message: string) => {
    writeFileSync(join(repo, 'file.txt'), message);
    git('add', 'file.txt');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  const run = (tag: string) => execFileSync(process.execPath, [script, tag], { cwd: repo, env, encoding: 'utf8' });

  git('init', '-q');
  const c130 = commit('1.3.0');
  git('tag', '-a', 'v1.3.0', '-m', 'v1.3.0'); // annotated, as releases usually are: the plan peels it
  git('tag', 'v1', 'v1.3.0^{commit}');
  const c140 = commit('1.4.0');
  git('tag', 'v1.4.0');
  git('checkout', '-q', c130);
  commit('1.3.1 hotfix');
  git('tag', 'v1.3.1');
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('reads the tags of the checkout and prints where the major tag goes', () => {
    expect(run('v1.4.0')).toBe(`action=move\nmajor=v1\nsha=${c140}\nreason=v1.4.0 is the newest v1 release\n`);
  });

  it('leaves the major tag on the newest release when a hotfix comes after it', () => {
    expect(run('v1.3.1')).toBe('action=none\nmajor=v1\nsha=\nreason=v1 stays on v1.4.0, which is newer than v1.3.1\n');
  });

  it('fails with a message for a tag that is not a release', () => {
    expect(() => execFileSync(process.execPath, [script, 'v1'], { cwd: repo, env, stdio: 'pipe' })).toThrow(
      /not a release tag/,
    );
  });
});
