// Every example and reusable workflow that an outside event can start (workflow_run,
// pull_request_target) guards the jobs that hold our actions or secrets: the rules are in
// ./workflow-guards.ts. The fixtures below pin the rules themselves.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/action-docs.ts';
import { conjuncts, guardProblems } from './workflow-guards.ts';

const files = ['.github/workflows', 'docs/examples'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f)),
);

describe('example and reusable workflows', () => {
  it.each(files)('%s guards what an outside event could start', (file) => {
    expect(guardProblems(readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('include a workflow_run example, so the rule is exercised on real files', () => {
    const onWorkflowRun = files.filter((file) => /^\s*workflow_run:/m.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(onWorkflowRun).toContain('docs/examples/symfony.yml');
  });
});

const SAME_REPOSITORY = 'github.event.workflow_run.head_repository.full_name == github.repository';
const GUARD = `github.event.workflow_run.event == 'push' && ${SAME_REPOSITORY}`;

/** A workflow_run workflow with one job, given its `if:` and steps as YAML lines. */
function onWorkflowRun(jobIf: string | undefined, steps: string): string {
  return [
    'on:',
    '  workflow_run: { workflows: [ci], types: [completed], branches: [develop] }',
    '  push: { tags: ["v*.*.*"] }',
    'jobs:',
    '  staging:',
    '    runs-on: ubuntu-24.04',
    ...(jobIf === undefined ? [] : [`    if: ${jobIf}`]),
    '    steps:',
    steps,
  ].join('\n');
}

const DEPLOY = [
  '      - uses: OWNER/scalingo-actions/actions/deploy@v1',
  '        with: { app: my-app, api-token: "${{ secrets.SCALINGO_API_TOKEN }}" }',
].join('\n');

describe('workflow_run guard', () => {
  it.each([
    {
      case: 'the symfony example before the fix: a green run on develop, from anywhere, deploys',
      yaml: onWorkflowRun(
        "github.event_name == 'workflow_run' && github.event.workflow_run.conclusion == 'success'",
        DEPLOY,
      ),
      problems: 1,
    },
    {
      case: 'both guards as top-level terms',
      yaml: onWorkflowRun(`github.event.workflow_run.conclusion == 'success' && ${GUARD}`, DEPLOY),
      problems: 0,
    },
    {
      case: 'fenced, in parentheses, operands the other way round',
      yaml: onWorkflowRun(
        "${{ ('push' == github.event.workflow_run.event) && " +
          '(github.repository == github.event.workflow_run.head_repository.full_name) }}',
        DEPLOY,
      ),
      problems: 0,
    },
    {
      case: 'only the event guard: a fork could not push, but the repository check is missing',
      yaml: onWorkflowRun("github.event.workflow_run.event == 'push'", DEPLOY),
      problems: 1,
    },
    {
      case: 'guards under an || guard nothing',
      yaml: onWorkflowRun(`(${GUARD}) || github.event.workflow_run.conclusion == 'success'`, DEPLOY),
      problems: 1,
    },
    {
      case: 'no if: at all',
      yaml: onWorkflowRun(undefined, DEPLOY),
      problems: 1,
    },
    {
      case: 'guards on the step instead of the job',
      yaml: onWorkflowRun(undefined, `${DEPLOY.replace('- uses:', `- if: ${GUARD}\n        uses:`)}`),
      problems: 0,
    },
    {
      case: 'one guard on the job, the other on the step',
      yaml: onWorkflowRun(
        "github.event.workflow_run.event == 'push'",
        DEPLOY.replace('- uses:', `- if: ${SAME_REPOSITORY}\n        uses:`),
      ),
      problems: 0,
    },
    {
      case: 'our action guarded, but another step with a secret is not',
      yaml: onWorkflowRun(
        undefined,
        [
          DEPLOY.replace('- uses:', `- if: ${GUARD}\n        uses:`),
          '      - run: curl -d ok "$HOOK"',
          '        env: { HOOK: "${{ secrets.WEBHOOK }}" }',
        ].join('\n'),
      ),
      problems: 1,
    },
    {
      case: 'a job for another event cannot run on workflow_run',
      yaml: onWorkflowRun("github.event_name == 'push'", DEPLOY),
      problems: 0,
    },
    {
      case: 'a job with neither our actions nor secrets needs no guard',
      yaml: onWorkflowRun(undefined, '      - run: echo "${{ github.event.workflow_run.conclusion }}"'),
      problems: 0,
    },
    {
      case: 'a job-level secret in env reaches every step',
      yaml: onWorkflowRun(undefined, '      - run: ./notify').replace(
        '    steps:',
        '    env: { TOKEN: "${{ secrets.TOKEN }}" }\n    steps:',
      ),
      problems: 1,
    },
    {
      case: 'a call of our reusable workflow with inherited secrets',
      yaml: [
        'on: { workflow_run: { workflows: [ci], types: [completed] } }',
        'jobs:',
        '  staging:',
        '    uses: OWNER/scalingo-actions/.github/workflows/scalingo-staging.yml@v1',
        '    with: { app: my-app }',
        '    secrets: inherit',
      ].join('\n'),
      problems: 1,
    },
    {
      case: 'a workflow no outside event starts needs no guard',
      yaml: onWorkflowRun(undefined, DEPLOY).replace(/ {2}workflow_run:.*\n/, ''),
      problems: 0,
    },
  ])('$case', ({ yaml, problems }) => {
    expect(guardProblems(yaml)).toHaveLength(problems);
  });
});

/** A pull_request_target workflow with one job, given its `if:` and steps as YAML lines. */
function onPullRequestTarget(jobIf: string | undefined, steps: string): string {
  return [
    'on: { pull_request_target: { types: [opened, synchronize, labeled] } }',
    'jobs:',
    '  review:',
    '    runs-on: ubuntu-24.04',
    ...(jobIf === undefined ? [] : [`    if: ${jobIf}`]),
    '    steps:',
    steps,
  ].join('\n');
}

const LABELLED = "github.event.action == 'labeled' && github.event.label.name == 'safe-to-deploy'";
const checkout = (ref: string) =>
  [
    '      - uses: actions/checkout@v7',
    `        with: { ref: "${ref}", persist-credentials: false }`,
    '      - run: npm ci && npm run build',
    '        env: { TOKEN: "${{ secrets.TOKEN }}" }',
  ].join('\n');

describe('pull_request_target guard', () => {
  it.each([
    {
      case: "checking out the pull request's head with secrets around",
      yaml: onPullRequestTarget(undefined, checkout('${{ github.event.pull_request.head.sha }}')),
      problems: 1,
    },
    {
      case: 'gated by a label, the labelled commit',
      yaml: onPullRequestTarget(LABELLED, checkout('${{ github.event.pull_request.head.sha }}')),
      problems: 0,
    },
    {
      case: 'gated by a label, but the branch: a push after the label runs unreviewed code',
      yaml: onPullRequestTarget(LABELLED, checkout('${{ github.event.pull_request.head.ref }}')),
      problems: 1,
    },
    {
      case: 'gated by a label, but the merge ref',
      yaml: onPullRequestTarget(LABELLED, checkout('refs/pull/${{ github.event.number }}/merge')),
      problems: 1,
    },
    {
      case: 'the label being present is no gate: it stays for every later push',
      yaml: onPullRequestTarget(
        "contains(github.event.pull_request.labels.*.name, 'safe-to-deploy')",
        checkout('${{ github.event.pull_request.head.sha }}'),
      ),
      problems: 1,
    },
    {
      case: 'github.head_ref is the head branch too',
      yaml: onPullRequestTarget(undefined, checkout('${{ github.head_ref }}')),
      problems: 2,
    },
    {
      case: "our deploy action shipping the pull request's head to Scalingo",
      yaml: onPullRequestTarget(
        undefined,
        DEPLOY.replace('app: my-app,', 'app: my-app, ref: "${{ github.event.pull_request.head.sha }}",'),
      ),
      problems: 1,
    },
    {
      case: 'base code only (the default checkout) with secrets: fine',
      yaml: onPullRequestTarget(undefined, checkout('').replace('ref: "", ', '')),
      problems: 0,
    },
    {
      case: "the pull request's code without any secret or action of ours: not this rule's business",
      yaml: onPullRequestTarget(
        undefined,
        '      - uses: actions/checkout@v7\n        with: { ref: "${{ github.head_ref }}" }',
      ),
      problems: 0,
    },
  ])('$case', ({ yaml, problems }) => {
    expect(guardProblems(yaml)).toHaveLength(problems);
  });
});

describe('conjuncts', () => {
  it.each([
    ['a && b', ['a', 'b']],
    ['${{ a && (b && c) }}', ['a', 'b', 'c']],
    ['(a || b) && c', ['a || b', 'c']],
    ["a == 'x && y' && b", ["a == 'x && y'", 'b']],
    ["'push' == github.event.workflow_run.event", ["github.event.workflow_run.event == 'push'"]],
    ['(a) || (b)', ['(a) || (b)']],
  ])('%s', (expression, terms) => {
    expect(conjuncts(expression)).toEqual(terms);
  });
});
