import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/shared/errors.ts';
import { parseReleaseConfig } from '../../src/release-notes/release-config.ts';

const FILE = '.github/release.yml';

describe('parseReleaseConfig', () => {
  it("reads GitHub's format: global and per-category exclusions, the * catch-all", () => {
    const config = parseReleaseConfig(
      [
        'changelog:',
        '  exclude:',
        '    labels: [ignore-for-release]',
        '    authors: [octocat, "dependabot[bot]"]',
        '  categories:',
        '    - title: Breaking Changes 🛠',
        '      labels: [breaking-change]',
        '    - title: Exciting New Features 🎉',
        '      labels:',
        '        - enhancement',
        '      exclude:',
        '        labels: [experimental]',
        '    - title: Other Changes',
        '      labels: ["*"]',
      ].join('\n'),
      FILE,
    );
    expect(config).toEqual({
      excludeLabels: ['ignore-for-release'],
      excludeAuthors: ['octocat', 'dependabot[bot]'],
      categories: [
        { title: 'Breaking Changes 🛠', labels: ['breaking-change'], excludeLabels: [], excludeAuthors: [] },
        {
          title: 'Exciting New Features 🎉',
          labels: ['enhancement'],
          excludeLabels: ['experimental'],
          excludeAuthors: [],
        },
        { title: 'Other Changes', labels: ['*'], excludeLabels: [], excludeAuthors: [] },
      ],
    });
  });

  it.each([
    ['changelog:\n  categories:\n    - title: Fixes\n      labels: [bug\n', 4, 'not valid YAML'],
    ['changelog:\n\tcategories: []\n', 2, 'Tabs are not allowed'],
    ['changes:\n  categories: []\n', 1, "no 'changelog:' key"],
    ['changelog:\n  categories:\n    title: Fixes\n', 3, "'changelog.categories' must be a list"],
    [
      'changelog:\n  categories:\n    - title: Fixes\n      labels: bug\n',
      4,
      "'labels' of category 'Fixes' must be a list",
    ],
    ['changelog:\n  categories:\n    - labels: [bug]\n', 3, 'needs a non-empty title'],
    ['changelog:\n  categories:\n    - title: Fixes\n', 3, "category 'Fixes' has no labels"],
    ['changelog:\n  exclude:\n    labels:\n      - skip\n      - [nested]\n', 5, 'must only hold names'],
  ])('a broken file names the file and the line: %j', (text, line, problem) => {
    let error: unknown;
    try {
      parseReleaseConfig(text, FILE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`${FILE} line ${line}:`);
    expect((error as Error).message).toContain(problem);
  });

  it('an empty file means no categories', () => {
    expect(parseReleaseConfig('', FILE).categories).toEqual([]);
  });
});
