import { describe, expect, it } from 'vitest';
import { categorise } from '../../src/release-notes/categorise.ts';
import { escapeInline } from '../../src/release-notes/escape.ts';
import { displayTitle } from '../../src/release-notes/pull-request.ts';
import { renderNotes } from '../../src/release-notes/render.ts';
import { STRINGS } from '../../src/release-notes/strings.ts';
import { asChange, pr } from './fixtures.ts';

const REPO = 'https://github.com/acme/shop';

function render(titles: string[], extra: Parameters<typeof pr>[2] = {}) {
  const changes = titles.map((t, i) => asChange(pr(i + 1, t, extra)));
  return renderNotes({
    sections: categorise(changes, STRINGS.en),
    newContributors: [],
    repoUrl: REPO,
    changelogUrl: `${REPO}/compare/v1.0.0...v1.1.0`,
    strings: STRINGS.en,
  });
}

describe('renderNotes', () => {
  it('lists each pull request with its title, #number link and @author, then the Full Changelog', () => {
    expect(render(['feat: cart', 'fix: totals'])).toBe(
      [
        '## Features',
        '',
        `- feat: cart by @alice in [#1](${REPO}/pull/1)`,
        '',
        '## Bug fixes',
        '',
        `- fix: totals by @alice in [#2](${REPO}/pull/2)`,
        '',
        `**Full Changelog**: ${REPO}/compare/v1.0.0...v1.1.0`,
        '',
      ].join('\n'),
    );
  });

  it('links commits without a pull request and lists new contributors', () => {
    const sha = 'b'.repeat(40);
    const first = pr(7, 'fix: typo', { author: 'bob' });
    const body = renderNotes({
      sections: categorise([{ kind: 'commit', sha, subject: 'Hotfix' }, asChange(first)], STRINGS.fr),
      newContributors: [first],
      repoUrl: REPO,
      changelogUrl: `${REPO}/commits/v0.1.0`,
      strings: STRINGS.fr,
    });
    expect(body).toContain(`## Autres changements\n\n- Hotfix dans [bbbbbbb](${REPO}/commit/${sha})`);
    expect(body).toContain(
      `## Nouveaux contributeurs\n\n- @bob a contribué pour la première fois dans [#7](${REPO}/pull/7)`,
    );
    expect(body.trimEnd().endsWith(`**Full Changelog**: ${REPO}/commits/v0.1.0`)).toBe(true);
  });

  it('says so when nothing changed', () => {
    expect(render([])).toContain('No changes since the previous release.');
  });
});

describe('hostile titles', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['Thanks @org/team and @bob', 'Thanks @<!-- -->org/team and @<!-- -->bob'],
    ['Use `rm -rf` carefully', 'Use \\`rm -rf\\` carefully'],
    ['Click [here](javascript:alert(1))', 'Click \\[here\\](javascript:alert(1))'],
    ['x](javascript:alert(1))', 'x\\](javascript:alert(1))'],
    ['![img](http://evil/x.png)', '!\\[img\\](http://evil/x.png)'],
    ['**bold** _it_ ~~s~~ | pipe', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\| pipe'],
    ['two\nlines\r\n## heading', 'two lines \\#\\# heading'.replace(/\\#/g, '#')],
    ['&lt;b&gt; entity', '&amp;lt;b&amp;gt; entity'],
    ['back\\slash', 'back\\\\slash'],
    ['mail me: ops@example.com', 'mail me: ops@<!-- -->example.com'],
  ])('%j is rendered inert', (title, expected) => {
    expect(escapeInline(title)).toBe(expected);
    const line = render([title])
      .split('\n')
      .find((l) => l.startsWith('- '))!;
    // The title stays on its own list line and is the only text before the author.
    expect(line).toBe(`- ${expected} by @alice in [#1](${REPO}/pull/1)`);
    expect(line).not.toMatch(/<(?!!-- -->)/);
  });

  it('never mentions anyone through a title, only the author', () => {
    const body = render(['cc @acme/security @root']);
    const mentions = [...body.matchAll(/@([A-Za-z0-9][\w/-]*)/g)].map((m) => m[1]);
    expect(mentions).toEqual(['alice']);
  });
});

describe('release-note blocks', () => {
  it.each([
    ['Intro\n```release-note\nCheckout is faster for large carts\n```\nmore', 'Checkout is faster for large carts'],
    ['```release-note\r\nLine one\r\nline two\r\n```', 'Line one\r\nline two'],
    ['```release-note\n\n```', 'refactor: tune the cart query planner'],
    ['no block here', 'refactor: tune the cart query planner'],
    ['```release-notes\nwrong fence\n```', 'refactor: tune the cart query planner'],
  ])('body %j -> %j', (body, expected) => {
    expect(displayTitle(pr(1, 'refactor: tune the cart query planner', { body }))).toBe(expected);
  });

  it('the block replaces the title in the notes, escaped like a title', () => {
    const body = render(['refactor: tune the planner'], {
      body: '```release-note\nFaster <b>checkout</b>\nfor @everyone\n```',
    });
    expect(body).toContain('- Faster &lt;b&gt;checkout&lt;/b&gt; for @<!-- -->everyone by @alice in [#1]');
    expect(body).not.toContain('tune the planner');
  });
});
