import { describe, expect, it } from 'vitest';
import { DRAFT_MARKER, publishDraftRelease, upsertDraftRelease } from '../../src/release-notes/draft.ts';
import { startRepo } from './setup.ts';

const request = (tag: string, body: string, targetSha: string) => ({ tag, body, targetSha, prerelease: false });

describe('upsertDraftRelease', () => {
  it('creates one draft, leaves it alone when nothing changed, updates the same one when the notes change', async () => {
    const { gh, github, logger } = await startRepo();
    const sha = gh.git.head();
    const first = await upsertDraftRelease(github, request('v1.1.0', '## Features\n\n- one', sha), logger);
    expect(first.outcome).toBe('created');
    const again = await upsertDraftRelease(github, request('v1.1.0', '## Features\n\n- one', sha), logger);
    expect(again).toMatchObject({ outcome: 'unchanged', release: { id: first.release!.id } });
    const changed = await upsertDraftRelease(github, request('v1.1.0', '## Features\n\n- one\n- two', sha), logger);
    expect(changed).toMatchObject({ outcome: 'updated', release: { id: first.release!.id } });

    expect(gh.state.releases).toHaveLength(1);
    expect(gh.state.releases[0]).toMatchObject({
      tag_name: 'v1.1.0',
      name: 'v1.1.0',
      draft: true,
      body: `## Features\n\n- one\n- two\n\n${DRAFT_MARKER}\n`,
      target_commitish: sha,
    });
    expect(gh.mutations().map((m) => m.method)).toEqual(['POST', 'PATCH']);
  });

  it('renames its own draft proposed for another next version instead of adding a second one', async () => {
    const { gh, github, logger } = await startRepo();
    gh.addRelease({ tag_name: 'v1.0.1', name: 'v1.0.1', draft: true, body: `old\n\n${DRAFT_MARKER}\n` });
    gh.addRelease({ tag_name: 'v1.0.2', name: 'hand-written', draft: true, body: 'written by a person' });
    gh.addRelease({ tag_name: 'v1.0.0', draft: false, body: `published\n\n${DRAFT_MARKER}\n` });
    const result = await upsertDraftRelease(
      github,
      { ...request('v1.1.0', 'new', gh.git.head()), adoptOwnDraftsAbove: { version: '1.0.0', tagPrefix: 'v' } },
      logger,
    );
    expect(result.outcome).toBe('updated');
    expect(gh.state.releases.map((r) => [r.tag_name, r.draft])).toEqual([
      ['v1.1.0', true],
      ['v1.0.2', true],
      ['v1.0.0', false],
    ]);
  });

  it('for a pushed tag, only takes its own drafts up to that version (a maintenance patch leaves main alone)', async () => {
    const { gh, github, logger } = await startRepo();
    gh.addRelease({ tag_name: 'v1.23.0', draft: true, body: `main's draft\n\n${DRAFT_MARKER}\n` });
    const adopt = { version: '1.22.0', tagPrefix: 'v' };
    const patch = await upsertDraftRelease(
      github,
      { ...request('v1.22.1', 'patch', gh.git.head()), adoptOwnDraftsAbove: { ...adopt, upTo: '1.22.1' } },
      logger,
    );
    expect(patch.outcome).toBe('created');
    await publishDraftRelease(github, patch.release!);
    const minor = await upsertDraftRelease(
      github,
      { ...request('v1.24.0', 'minor', gh.git.head()), adoptOwnDraftsAbove: { ...adopt, upTo: '1.24.0' } },
      logger,
    );
    expect(minor.outcome).toBe('updated');
    expect(gh.state.releases.map((r) => [r.tag_name, r.draft]).sort()).toEqual([
      ['v1.22.1', false],
      ['v1.24.0', true],
    ]);
  });

  it('leaves a published release as it is', async () => {
    const { gh, github, logger } = await startRepo();
    gh.git.tag('v1.0.0');
    gh.addRelease({ tag_name: 'v1.0.0', draft: false, body: 'hand-polished' });
    const result = await upsertDraftRelease(github, request('v1.0.0', 'generated', gh.git.head()), logger);
    expect(result.outcome).toBe('already-published');
    expect(gh.mutations()).toEqual([]);
    expect(logger.lines.some((l) => l.level === 'warning' && l.message.includes('already published'))).toBe(true);
  });

  it('dry runs write nothing', async () => {
    const { gh, github, logger } = await startRepo();
    expect(
      (await upsertDraftRelease(github, { ...request('v1.0.0', 'x', gh.git.head()), dryRun: true }, logger)).outcome,
    ).toBe('would-create');
    gh.addRelease({ tag_name: 'v1.0.0', draft: true, body: 'old' });
    expect(
      (await upsertDraftRelease(github, { ...request('v1.0.0', 'x', gh.git.head()), dryRun: true }, logger)).outcome,
    ).toBe('would-update');
    expect(gh.mutations()).toEqual([]);
  });

  it('publishes the draft, which creates the tag at its target', async () => {
    const { gh, github, logger } = await startRepo();
    const sha = gh.git.head();
    const { release } = await upsertDraftRelease(github, request('v1.0.0', 'notes', sha), logger);
    const published = await publishDraftRelease(github, release!);
    expect(published.draft).toBe(false);
    expect(gh.git.resolve('refs/tags/v1.0.0')).toBe(sha);
  });

  it('retries a rate-limited listing', async () => {
    const { gh, github, logger } = await startRepo();
    gh.fault({
      method: 'GET',
      path: '/releases',
      status: 403,
      headers: { 'retry-after': '0' },
      body: { message: 'You have exceeded a secondary rate limit' },
    });
    expect((await upsertDraftRelease(github, request('v1.0.0', 'x', gh.git.head()), logger)).outcome).toBe('created');
    expect(gh.journal.filter((e) => e.path.endsWith('/releases') && e.method === 'GET')).toHaveLength(2);
  });
});
