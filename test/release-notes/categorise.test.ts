import { describe, expect, it } from 'vitest';
import { builtInSection, bumpFor, categorise, isBreaking } from '../../src/release-notes/categorise.ts';
import { parseReleaseConfig } from '../../src/release-notes/release-config.ts';
import { STRINGS } from '../../src/release-notes/strings.ts';
import { asChange, pr } from './fixtures.ts';

describe('builtInSection', () => {
  it.each([
    ['feat: add the cart', [], 'alice', 'features'],
    ['feat(api)!: drop v1', [], 'alice', 'features'],
    ['Add the cart', ['enhancement'], 'alice', 'features'],
    ['fix: rounding of totals', [], 'alice', 'fixes'],
    ['Rounding of totals', ['type: bug'], 'alice', 'fixes'],
    ['chore(deps): bump django from 5.1 to 5.2', [], 'alice', 'dependencies'],
    ['deps: bump redis', [], 'alice', 'dependencies'],
    ['Bump ws from 8.1 to 8.2', [], 'dependabot', 'dependencies'],
    ['Update dependency vitest to v5', [], 'renovate[bot]', 'dependencies'],
    ['Lock file maintenance', ['dependencies'], 'alice', 'dependencies'],
    ['refactor: split the checkout', [], 'alice', 'technical'],
    ['perf: cache product pages', [], 'alice', 'technical'],
    ['ci: run tests on Node 24', [], 'alice', 'technical'],
    ['chore: tidy settings', [], 'alice', 'technical'],
    ['build: smaller image', [], 'alice', 'technical'],
    ['test: cover refunds', [], 'alice', 'technical'],
    ['feat: labelled as a bug', ['bug'], 'alice', 'fixes'],
    ['Update the README', [], 'alice', 'other'],
    ['docs: explain deploys', [], 'alice', 'other'],
  ])('%j labelled %j by %s -> %s', (title, labels, author, expected) => {
    expect(builtInSection(pr(1, title, { labels, author, authorIsBot: author.includes('bot') }))).toBe(expected);
  });
});

describe('bumps', () => {
  it.each([
    [['fix: a'], [], 'patch'],
    [['fix: a', 'feat: b'], [], 'minor'],
    [['feat!: drop the old API'], [], 'major'],
    [['refactor(core)!: new storage'], [], 'major'],
    [['Remove the v1 API'], ['breaking'], 'major'],
    [['chore: x', 'Docs'], [], 'patch'],
  ])('%j labelled %j -> %s', (titles, labels, expected) => {
    expect(bumpFor(titles.map((t, i) => pr(i + 1, t, { labels })))).toBe(expected);
  });

  it('a mention of "!:" later in the title is not a breaking change', () => {
    expect(isBreaking(pr(1, 'fix: warn when the tag ends with !: x'))).toBe(false);
  });
});

describe('categorise', () => {
  const changes = [
    asChange(pr(1, 'feat: cart')),
    asChange(pr(2, 'fix: totals')),
    { kind: 'commit' as const, sha: 'a'.repeat(40), subject: 'Hotfix on main' },
    asChange(pr(3, 'Bump django', { author: 'dependabot', authorIsBot: true })),
    asChange(pr(4, 'refactor: checkout')),
  ];

  it('built-in sections in a fixed order, empty ones left out, commits under Other changes', () => {
    const sections = categorise(changes, STRINGS.en);
    expect(sections.map((s) => [s.title, s.changes.length])).toEqual([
      ['Features', 1],
      ['Bug fixes', 1],
      ['Dependency updates', 1],
      ['Technical improvements', 1],
      ['Other changes', 1],
    ]);
  });

  it('speaks French', () => {
    expect(categorise(changes, STRINGS.fr).map((s) => s.title)).toEqual([
      'Fonctionnalités',
      'Correctifs',
      'Mise à jour des dépendances',
      'Améliorations techniques',
      'Autres changements',
    ]);
  });

  it('follows release.yml: exclusions, first matching category, * catch-all', () => {
    const config = parseReleaseConfig(
      [
        'changelog:',
        '  exclude:',
        '    labels: [skip-changelog]',
        '    authors: [dependabot]',
        '  categories:',
        '    - title: New',
        '      labels: [feature]',
        '      exclude:',
        '        authors: [mallory]',
        '    - title: Fixed',
        '      labels: [bug, feature]',
        '    - title: Everything else',
        '      labels: ["*"]',
      ].join('\n'),
      '.github/release.yml',
    );
    const sections = categorise(
      [
        asChange(pr(1, 'Cart', { labels: ['Feature'] })),
        asChange(pr(2, 'Totals', { labels: ['bug'] })),
        asChange(pr(3, 'Secret', { labels: ['feature'], author: 'mallory' })),
        asChange(pr(4, 'Bump', { author: 'dependabot', authorIsBot: true })),
        asChange(pr(5, 'Internal', { labels: ['skip-changelog', 'feature'] })),
        asChange(pr(6, 'Readme')),
      ],
      STRINGS.en,
      config,
    );
    expect(
      sections.map((s) => [s.title, s.changes.map((c) => (c.kind === 'pull-request' ? c.pullRequest.number : c.sha))]),
    ).toEqual([
      ['New', [1]],
      ['Fixed', [2, 3]],
      ['Everything else', [6]],
    ]);
  });

  it('without a catch-all, what no category takes goes to Other changes', () => {
    const config = parseReleaseConfig('changelog:\n  categories:\n    - title: New\n      labels: [feature]\n', 'f');
    const sections = categorise(
      [asChange(pr(1, 'Cart', { labels: ['feature'] })), asChange(pr(2, 'Readme'))],
      STRINGS.en,
      config,
    );
    expect(sections.map((s) => s.title)).toEqual(['New', 'Other changes']);
  });
});
