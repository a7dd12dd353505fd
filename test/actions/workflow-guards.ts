// The guard a workflow needs when an event started outside this repository can run it with the
// repository's secrets. Read by test/actions/workflow-guards.test.ts on every example and reusable
// workflow. What counts as sensitive: a job that calls one of our actions (`…/scalingo-actions/actions/…`,
// `./actions/…`, `$/actions/…`) or one of our reusable workflows, or that references `secrets.` (in a
// step, in its env or by passing secrets to a reusable workflow, `secrets: inherit` included).
//
// workflow_run: a fork's pull request whose branch is named like the filtered branch (`develop`) runs
// the CI workflow, and its completion starts ours with our secrets. So every sensitive step must be
// reachable only when both
//     github.event.workflow_run.event == 'push'
//     github.event.workflow_run.head_repository.full_name == github.repository
// are top-level `&&` terms of its job's `if:` or its own `if:` (a term under `||` guards nothing).
// A job or step whose `if:` requires `github.event_name == '<another event>'` cannot run on workflow_run.
//
// pull_request_target: the job runs with our secrets and the base branch's workflow, which is safe as
// long as it never runs the pull request's code. A sensitive job that takes the pull request's code
// (actions/checkout with a `ref:` or `repository:` of the pull request's head, `github.head_ref`,
// `refs/pull/…` or the merge commit; or one of our actions deploying such a `ref:`) is allowed only when
//   1. a maintainer's label gates it: `github.event.action == 'labeled'` and
//      `github.event.label.name == '<label>'` are top-level `&&` terms of its `if:` (the label being on
//      the pull request is not enough: `contains(…labels…)` stays true for every later push), and
//   2. the code is the commit that was labelled: that `ref:` is exactly
//      `${{ github.event.pull_request.head.sha }}`, never a branch or merge ref a later push moves.
import { parse } from 'yaml';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  if?: unknown;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  run?: string;
}

interface Job {
  if?: unknown;
  uses?: string;
  secrets?: unknown;
  env?: Record<string, unknown>;
  steps?: Step[];
}

interface Workflow {
  on?: unknown;
  jobs?: Record<string, Job>;
}

const OUR_ACTION = /(?:^|\/)scalingo-actions\/actions\/|^\.\/actions\/|^\$\/actions\//;
const OUR_WORKFLOW = /(?:^|\/)scalingo-actions\/\.github\/workflows\/|^(?:\.|\$)\/\.github\/workflows\/scalingo-/;
const SECRETS = /\$\{\{[^}]*\bsecrets\b/;
const PR_CODE = /github\.event\.pull_request\.(?:head\.|merge_commit_sha)|github\.head_ref|refs\/pull\//;
const LABELLED_COMMIT = '${{ github.event.pull_request.head.sha }}';

const WORKFLOW_RUN_GUARDS = [
  "github.event.workflow_run.event == 'push'",
  'github.event.workflow_run.head_repository.full_name == github.repository',
];
const LABEL_GATE = [/^github\.event\.action == 'labeled'$/, /^github\.event\.label\.name == '[^']+'$/];

export function triggers(on: unknown): Set<string> {
  if (typeof on === 'string') return new Set([on]);
  if (Array.isArray(on)) return new Set(on.map(String));
  if (on && typeof on === 'object') return new Set(Object.keys(on));
  return new Set();
}

/** The top-level `&&` terms of an `if:` expression, normalised (spacing, case, outer parentheses). */
export function conjuncts(condition: unknown): string[] {
  if (condition === undefined || condition === null) return [];
  let expr = String(condition).trim();
  const fenced = /^\$\{\{([\s\S]*)\}\}$/.exec(expr);
  if (fenced) expr = fenced[1]!.trim();
  return splitAnd(expr).map(normalise);
}

function splitAnd(expr: string): string[] {
  const inner = unwrap(expr.trim());
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '&' && inner[i + 1] === '&' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  parts.push(inner.slice(start));
  return parts.length === 1 ? [inner] : parts.flatMap(splitAnd);
}

/** `(a && b)` -> `a && b`, only when the parentheses enclose the whole expression. */
function unwrap(expr: string): string {
  if (!expr.startsWith('(') || !expr.endsWith(')')) return expr;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && i < expr.length - 1) return expr;
  }
  return unwrap(expr.slice(1, -1).trim());
}

function normalise(term: string): string {
  const t = term
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*(==|!=)\s*/g, ' $1 ')
    .toLowerCase();
  const eq = /^(.+?) == (.+)$/.exec(t);
  // Equality reads the same both ways round: write the literal or `github.repository` on the right.
  if (eq && (/^'/.test(eq[1]!) || eq[1] === 'github.repository')) return `${eq[2]} == ${eq[1]}`;
  return t;
}

/** True when the terms say the job or step cannot run for `event`. */
function excludesEvent(terms: string[], event: string): boolean {
  return terms.some((t) => {
    const only = /^github\.event_name == '([^']+)'$/.exec(t);
    return (only !== null && only[1] !== event) || t === `github.event_name != '${event}'`;
  });
}

function mentions(value: unknown, pattern: RegExp): boolean {
  return value !== undefined && pattern.test(JSON.stringify(value));
}

function stepLabel(step: Step, index: number): string {
  return `step ${step.name ?? step.id ?? step.uses ?? index + 1}`;
}

/** What is wrong with the guards of one workflow file; empty when nothing is. */
export function guardProblems(text: string): string[] {
  const workflow = (parse(text) ?? {}) as Workflow;
  const on = triggers(workflow.on);
  const problems: string[] = [];
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    const jobTerms = conjuncts(job.if);
    if (on.has('workflow_run')) problems.push(...workflowRunProblems(id, job, jobTerms));
    if (on.has('pull_request_target')) problems.push(...pullRequestTargetProblems(id, job, jobTerms));
  }
  return problems;
}

function workflowRunProblems(id: string, job: Job, jobTerms: string[]): string[] {
  const missing = (terms: string[]) => WORKFLOW_RUN_GUARDS.filter((guard) => !terms.includes(guard));
  const explain = (what: string, terms: string[]) =>
    `job ${id}: ${what} runs on workflow_run without \`${missing(terms).join('` and `')}\` in its if:`;
  if (excludesEvent(jobTerms, 'workflow_run')) return [];
  if (job.uses !== undefined) {
    const sensitive = OUR_WORKFLOW.test(job.uses) || job.secrets !== undefined;
    return sensitive && missing(jobTerms).length > 0 ? [explain(`the call of ${job.uses}`, jobTerms)] : [];
  }
  const everyStep = mentions(job.env, SECRETS);
  return (job.steps ?? []).flatMap((step, index) => {
    const sensitive = everyStep || OUR_ACTION.test(step.uses ?? '') || mentions(step, SECRETS);
    const terms = [...jobTerms, ...conjuncts(step.if)];
    if (!sensitive || excludesEvent(terms, 'workflow_run') || missing(terms).length === 0) return [];
    return [explain(stepLabel(step, index), terms)];
  });
}

function pullRequestTargetProblems(id: string, job: Job, jobTerms: string[]): string[] {
  if (excludesEvent(jobTerms, 'pull_request_target')) return [];
  const steps = job.steps ?? [];
  const sensitive =
    mentions(job.env, SECRETS) || steps.some((s) => OUR_ACTION.test(s.uses ?? '') || mentions(s, SECRETS));
  if (!sensitive) return [];
  return steps.flatMap((step, index) => {
    const uses = step.uses ?? '';
    const takesCode = /^actions\/checkout@/.test(uses)
      ? mentions(step.with?.ref, PR_CODE) || mentions(step.with?.repository, PR_CODE)
      : OUR_ACTION.test(uses) && mentions(step.with?.ref, PR_CODE);
    const terms = [...jobTerms, ...conjuncts(step.if)];
    if (!takesCode || excludesEvent(terms, 'pull_request_target')) return [];
    const problems: string[] = [];
    if (!LABEL_GATE.every((gate) => terms.some((t) => gate.test(t)))) {
      problems.push(
        `job ${id}: ${stepLabel(step, index)} takes the pull request's code on pull_request_target without ` +
          "`github.event.action == 'labeled' && github.event.label.name == '<label>'` in its if:",
      );
    }
    if (String(step.with?.ref ?? '').trim() !== LABELLED_COMMIT) {
      problems.push(`job ${id}: ${stepLabel(step, index)} must take exactly ref: ${LABELLED_COMMIT}`);
    }
    return problems;
  });
}
