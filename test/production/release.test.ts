import { describe, expect, it } from 'vitest';
import { publishRelease } from '../../src/production/release.ts';
import type { ReleaseGitHub } from '../../src/production/ports.ts';
import type { NewRelease, Release, ReleasePatch } from '../../src/github/types.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';

function fake(existing?: Release) {
  const calls: { create?: NewRelease; update?: { id: number; patch: ReleasePatch } }[] = [];
  const github: ReleaseGitHub = {
    findRelease: async (tag) => (existing?.tagName === tag ? existing : undefined),
    createRelease: async (release) => (
      calls.push({ create: release }),
      {
        id: 9,
        tagName: release.tag,
        name: release.name,
        body: release.body,
        draft: release.draft,
        prerelease: release.prerelease,
        htmlUrl: `https://gh/releases/${release.tag}`,
      }
    ),
    updateRelease: async (id, patch) => (
      calls.push({ update: { id, patch } }),
      { ...existing!, ...patch, draft: patch.draft ?? existing!.draft }
    ),
  };
  return { github, calls };
}

const input = {
  tag: 'v1.3.0',
  sha: 'c'.repeat(40),
  prerelease: false,
  app: 'shop',
  appUrl: 'https://shop.example',
  runUrl: 'https://github.com/acme/shop/actions/runs/7',
  deployedAt: new Date('2026-11-23T19:41:12Z'),
};
const line =
  'Deployed to shop (https://shop.example) at 2026-11-23 19:41 UTC ([workflow run](https://github.com/acme/shop/actions/runs/7)).';

describe('publishRelease', () => {
  it('publishes the draft from release-notes, appending where and when', async () => {
    const draft: Release = {
      id: 3,
      tagName: 'v1.3.0',
      name: 'v1.3.0',
      body: '## Features\n- Cart\n',
      draft: true,
      prerelease: false,
      htmlUrl: 'https://gh/r/3',
    };
    const { github, calls } = fake(draft);
    const result = await publishRelease(
      github,
      async () => {
        throw new Error('must not generate');
      },
      new MemoryLogger(),
      input,
    );
    expect(result.from).toBe('draft');
    expect(calls).toEqual([{ update: { id: 3, patch: { body: `## Features\n- Cart\n\n${line}\n`, draft: false } } }]);
  });

  it('creates a published release with notes generated now when no draft exists', async () => {
    const { github, calls } = fake();
    const asked: string[] = [];
    const result = await publishRelease(
      github,
      async (tag) => (asked.push(tag), '## Bug fixes\n- Totals'),
      new MemoryLogger(),
      { ...input, prerelease: true },
    );
    expect(asked).toEqual(['v1.3.0']);
    expect(result.from).toBe('generated');
    expect(calls).toEqual([
      {
        create: {
          tag: 'v1.3.0',
          name: 'v1.3.0',
          body: `## Bug fixes\n- Totals\n\n${line}\n`,
          draft: false,
          prerelease: true,
          targetCommitish: 'c'.repeat(40),
        },
      },
    ]);
  });
});

describe('publishRelease without notes', () => {
  it('still publishes, with a warning, when the notes cannot be generated', async () => {
    const { github, calls } = fake();
    const logger = new MemoryLogger();
    await publishRelease(
      github,
      async () => {
        throw new Error('needs the checkout');
      },
      logger,
      input,
    );
    expect(calls[0]?.create?.body).toBe(`Release v1.3.0.\n\n${line}\n`);
    expect(logger.lines).toContainEqual({
      level: 'warning',
      message: expect.stringMatching(/Could not generate release notes for v1\.3\.0 \(needs the checkout\)/),
    });
  });
});
