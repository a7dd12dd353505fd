import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubDouble, type GitHubDouble } from '../../sandbox/github/index.ts';
import { clientFor } from './helpers.ts';

let gh: GitHubDouble;

beforeEach(async () => {
  gh = await startGitHubDouble();
  gh.git.commit({ 'README.md': 'x\n' }, 'Initial commit');
  gh.git.tag('v1.0.0');
});
afterEach(async () => {
  await gh.close();
});

describe('releases', () => {
  it('creates a draft that findRelease finds although GET /releases/tags/{tag} hides drafts', async () => {
    const { client } = clientFor(gh);
    const draft = await client.createRelease({
      tag: 'v1.1.0',
      name: 'v1.1.0',
      body: '## Features',
      draft: true,
      prerelease: false,
      targetCommitish: 'main',
    });
    expect(draft).toMatchObject({
      tagName: 'v1.1.0',
      name: 'v1.1.0',
      body: '## Features',
      draft: true,
      prerelease: false,
    });
    const byTag = await fetch(`${gh.apiUrl}/repos/${gh.owner}/${gh.repo}/releases/tags/v1.1.0`, {
      headers: { authorization: `token ${gh.token}` },
    });
    expect(byTag.status).toBe(404);
    expect(await client.findRelease('v1.1.0')).toEqual(draft);
    expect(await client.findRelease('v9.9.9')).toBeUndefined();
    // A draft creates no tag; publishing it does, at its target.
    expect(gh.git.resolve('refs/tags/v1.1.0')).toBeUndefined();
  });

  it('updates a draft in place and publishing creates the tag', async () => {
    const { client } = clientFor(gh);
    const draft = await client.createRelease({
      tag: 'v1.1.0',
      name: 'v1.1.0',
      body: 'old',
      draft: true,
      prerelease: false,
    });
    const published = await client.updateRelease(draft.id, { body: 'new', draft: false });
    expect(published).toMatchObject({
      id: draft.id,
      body: 'new',
      draft: false,
      htmlUrl: `${gh.htmlUrl}/releases/tag/v1.1.0`,
    });
    expect(gh.state.releases).toHaveLength(1);
    expect(gh.git.resolve('refs/tags/v1.1.0')).toBe(gh.git.head());
  });

  it('lists every release, drafts included, across pages', async () => {
    gh.maxPerPage = 2;
    for (const tag of ['v0.1.0', 'v0.2.0', 'v0.3.0']) gh.addRelease({ tag_name: tag, name: tag });
    gh.addRelease({ tag_name: 'v1.1.0', draft: true });
    const { client } = clientFor(gh);
    const releases = await client.releases();
    expect(releases.map((r) => [r.tagName, r.draft])).toEqual([
      ['v1.1.0', true],
      ['v0.3.0', false],
      ['v0.2.0', false],
      ['v0.1.0', false],
    ]);
    expect(gh.journal.filter((e) => e.path.endsWith('/releases'))).toHaveLength(2);
  });

  it('refuses a second published release for one tag, as GitHub does', async () => {
    const { client } = clientFor(gh);
    await client.createRelease({ tag: 'v1.0.0', name: 'v1.0.0', body: '', draft: false, prerelease: false });
    const error = await client
      .createRelease({ tag: 'v1.0.0', name: 'again', body: '', draft: false, prerelease: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422 });
    expect((error as Error).message).toContain('already_exists');
    expect(gh.journal.filter((e) => e.method === 'POST' && e.path.endsWith('/releases'))).toHaveLength(2);
  });
});
