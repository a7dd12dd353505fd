import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubDouble } from '../../sandbox/github/index.ts';
import type { GitHubDouble } from '../../sandbox/github/index.ts';
import { runAction } from '../helpers/run-action.ts';

const doubles: GitHubDouble[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(doubles.splice(0).map((gh) => gh.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** v1.0.0, then a feature, a fix and a dependency bump; the checkout is the double's own repository. */
async function repository(): Promise<GitHubDouble> {
  const gh = await startGitHubDouble({ owner: 'acme', repo: 'shop' });
  doubles.push(gh);
  gh.git.commit({ 'README.md': 'shop\n' }, 'Initial commit');
  gh.git.tag('v1.0.0');
  gh.git.mergePullRequest({ title: 'feat: add the cart', author: 'alice', strategy: 'squash' });
  gh.git.mergePullRequest({ title: 'fix: round totals', author: 'bob', strategy: 'merge' });
  gh.git.mergePullRequest({
    title: 'Bump ws from 8.1 to 8.2',
    author: 'dependabot[bot]',
    labels: ['dependencies'],
    strategy: 'squash',
  });
  return gh;
}

function emptyCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-notes-checkout-'));
  dirs.push(dir);
  return dir;
}

function run(gh: GitHubDouble, options: { inputs?: Record<string, string>; ref?: string; cwd?: string } = {}) {
  return runAction('release-notes', {
    inputs: { 'github-token': gh.token, ...options.inputs },
    env: {
      GITHUB_API_URL: gh.apiUrl,
      GITHUB_GRAPHQL_URL: gh.graphqlUrl,
      GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
      GITHUB_REF: options.ref ?? 'refs/heads/main',
      GITHUB_SHA: gh.git.head('main'),
      GITHUB_EVENT_NAME: 'push',
    },
    cwd: options.cwd ?? gh.git.dir,
  });
}

describe('release-notes action', () => {
  it('on a push to main keeps one draft for the proposed next version, updated on each run', async () => {
    const gh = await repository();
    const first = await run(gh);
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ version: '1.1.0', 'previous-version': '1.0.0', 'next-version': '1.1.0' });
    expect(gh.state.releases).toHaveLength(1);
    const draft = gh.state.releases[0]!;
    expect(draft).toMatchObject({ tag_name: 'v1.1.0', draft: true });
    expect(first.outputs['release-id']).toBe(String(draft.id));
    expect(first.outputs['release-url']).toBe(draft.html_url);
    expect(first.outputs.body).toContain('## Features\n\n- feat: add the cart by @alice in [#1]');
    expect(first.outputs.body).toContain('## Bug fixes\n\n- fix: round totals by @bob in [#2]');
    expect(first.outputs.body).toContain('## Dependency updates\n\n- Bump ws from 8.1 to 8.2 by @dependabot in [#3]');
    expect(first.outputs.body).toContain('**Full Changelog**: https://github.com/acme/shop/compare/v1.0.0...');
    expect(first.outputs.body).toMatch(
      /## New contributors\n\n- @alice made their first contribution in \[#1\]\(.*\)\n- @bob made their first contribution in \[#2\]/,
    );
    expect(draft.body).toContain(first.outputs.body!.trimEnd());
    expect(first.summary).toContain('## Release notes for v1.1.0');
    expect(first.summary).toContain('draft created');

    // Same history: nothing to write. A breaking change later: the same draft, renamed and updated.
    const again = await run(gh);
    expect(again.exitCode).toBe(0);
    expect(again.summary).toContain('draft already up to date');
    gh.git.mergePullRequest({ title: 'feat(api)!: drop the v1 API', author: 'carol', strategy: 'rebase' });
    const third = await run(gh);
    expect(third.exitCode, third.stdout).toBe(0);
    expect(third.outputs).toMatchObject({ 'next-version': '2.0.0', 'release-id': String(draft.id) });
    expect(gh.state.releases.map((r) => [r.id, r.tag_name, r.draft])).toEqual([[draft.id, 'v2.0.0', true]]);
    expect(gh.state.releases[0]!.body).toContain('feat(api)!: drop the v1 API by @carol');
    expect(gh.mutations().map((m) => `${m.method} ${m.path.replace(/\d+$/, 'N')}`)).toEqual([
      'POST /repos/acme/shop/releases',
      'PATCH /repos/acme/shop/releases/N',
    ]);
    // The token only appears in the runner's own ::add-mask:: command, which hides it everywhere else.
    const leaked = (text: string) =>
      text.split('\n').some((line) => line.includes(gh.token) && !line.startsWith('::add-mask::'));
    expect([first, again, third].some((r) => leaked(r.everything))).toBe(false);
  });

  it('on a tag push takes the tag, reuses the draft, and publishes when asked', async () => {
    const gh = await repository();
    expect((await run(gh)).exitCode).toBe(0);
    gh.git.tag('v1.1.0');
    const result = await run(gh, { ref: 'refs/tags/v1.1.0', inputs: { publish: 'true' } });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ version: '1.1.0', 'previous-version': '1.0.0' });
    expect(gh.state.releases).toHaveLength(1);
    expect(gh.state.releases[0]).toMatchObject({ tag_name: 'v1.1.0', draft: false });
    expect(result.outputs.body).toContain('**Full Changelog**: https://github.com/acme/shop/compare/v1.0.0...v1.1.0');
    expect(result.summary).toContain('published');
  });

  it('reads the history through the API when the checkout has none', async () => {
    const gh = await repository();
    gh.git.tag('v1.1.0');
    const local = await run(gh, { ref: 'refs/tags/v1.1.0', inputs: { 'dry-run': 'true' } });
    const api = await run(gh, { ref: 'refs/tags/v1.1.0', inputs: { 'dry-run': 'true' }, cwd: emptyCheckout() });
    expect(api.exitCode, api.stdout).toBe(0);
    expect(api.outputs.body).toBe(local.outputs.body);
    expect(api.summary).toContain('from the compare API');
    expect(gh.mutations()).toEqual([]);
  });

  it('lists pull requests merged by pushing their commits, fast-forwarded or rebased locally, with and without history', async () => {
    const gh = await repository();
    const ff = gh.git.mergePullRequest({ title: 'feat: saved carts', author: 'carol', strategy: 'fast-forward' });
    const open = gh.git.openPullRequest({ title: 'fix: coupon codes', author: 'dave' });
    gh.git.commit({ 'hotfix.txt': 'x\n' }, 'Hotfix straight on main');
    const rebased = gh.git.mergeOpenPullRequest(open.number, 'local-rebase');
    gh.git.tag('v1.1.0');
    for (const cwd of [gh.git.dir, emptyCheckout()]) {
      const result = await run(gh, { ref: 'refs/tags/v1.1.0', inputs: { 'dry-run': 'true' }, cwd });
      expect(result.exitCode, result.stdout).toBe(0);
      expect(result.outputs.body).toContain(`- feat: saved carts by @carol in [#${ff.number}](`);
      expect(result.outputs.body).toContain(`- fix: coupon codes by @dave in [#${rebased.number}](`);
      expect(result.outputs.body).toContain('- Hotfix straight on main in [');
    }
  });

  it('dry run: writes nothing, puts the notes in the summary', async () => {
    const gh = await repository();
    const result = await run(gh, { inputs: { 'dry-run': 'true' } });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(gh.mutations()).toEqual([]);
    expect(gh.state.releases).toEqual([]);
    expect(result.summary).toContain('dry run: a draft would be created');
    expect(result.summary).toContain('- feat: add the cart by @alice');
    expect(result.outputs['release-id']).toBe('');
  });

  it('speaks French and follows .github/release.yml with its exclusions', async () => {
    const gh = await repository();
    mkdirSync(join(gh.git.dir, '.github'), { recursive: true });
    writeFileSync(
      join(gh.git.dir, '.github/release.yml'),
      [
        'changelog:',
        '  exclude:',
        '    authors: [dependabot]',
        '  categories:',
        '    - title: Nouveautés',
        '      labels: ["*"]',
        '      exclude:',
        '        labels: [wip]',
      ].join('\n'),
    );
    gh.git.mergePullRequest({ title: 'Half done', labels: ['wip'], strategy: 'squash' });
    const result = await run(gh, { inputs: { language: 'fr', 'dry-run': 'true' } });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.body).toMatch(/^## Nouveautés\n\n- feat: add the cart par @alice dans \[#1\]/);
    expect(result.outputs.body).toContain('## Autres changements\n\n- Half done par @octocat dans [#4]');
    expect(result.outputs.body).not.toContain('Bump ws');
  });

  it('keeps hostile titles inert in the release', async () => {
    const gh = await repository();
    gh.git.mergePullRequest({ title: 'fix: <script>alert(1)</script> for @acme/security', strategy: 'squash' });
    gh.git.mergePullRequest({
      title: 'feat: `x` [click](javascript:alert(1))',
      body: '```release-note\nSafer <b>carts</b>\n```',
      strategy: 'squash',
    });
    const result = await run(gh);
    expect(result.exitCode, result.stdout).toBe(0);
    const body = gh.state.releases[0]!.body ?? '';
    expect(body).not.toMatch(/<script|<b>|\]\(javascript:|@acme\/security/);
    expect(body).toContain('&lt;script&gt;');
    expect(body).toContain('Safer &lt;b&gt;carts&lt;/b&gt;');
  });

  it('waits out a rate limit', async () => {
    const gh = await repository();
    gh.fault({
      path: '/graphql',
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit' },
    });
    const result = await run(gh, { inputs: { 'dry-run': 'true' } });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(gh.journal.filter((e) => e.faulted)).toHaveLength(1);
  });

  it.each([
    [{ tag: 'v1.2' }, "Input 'tag': 'v1.2' is not a version tag"],
    [{ 'previous-tag': 'v9.9.9' }, "Input 'previous-tag': the tag 'v9.9.9' does not exist"],
    [{ language: 'de' }, "Input 'language': 'de' is not one of en, fr"],
    [{ publish: 'true' }, "Input 'publish': is true but there is no tag"],
    [{ 'config-path': 'missing.yml' }, "Input 'config-path': there is no file at missing.yml"],
  ])('refuses %j: exit 1, a clear error, nothing written', async (inputs, message) => {
    const gh = await repository();
    const result = await run(gh, { inputs });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toContain(message);
    expect(gh.mutations()).toEqual([]);
  });

  it('refuses a broken release.yml, naming its line', async () => {
    const gh = await repository();
    mkdirSync(join(gh.git.dir, '.github'), { recursive: true });
    writeFileSync(
      join(gh.git.dir, '.github/release.yml'),
      'changelog:\n  categories:\n    - title: Fixes\n      labels: bug\n',
    );
    const result = await run(gh);
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toContain('.github/release.yml line 4:');
    expect(gh.mutations()).toEqual([]);
  });

  it('refuses a previous tag that is not an ancestor', async () => {
    const gh = await repository();
    gh.git.branch('old', 'v1.0.0');
    gh.git.commit({ 'x.txt': 'x\n' }, 'Side work', { branch: 'old' });
    gh.git.tag('v1.0.5');
    gh.git.checkout('main');
    const result = await run(gh, { inputs: { 'previous-tag': 'v1.0.5' } });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toContain(
      "Input 'previous-tag': 'v1.0.5' is not an ancestor",
    );
    expect(gh.mutations()).toEqual([]);
  });
});
