import type { IssueRecord } from './state.ts';

export interface Term {
  key: string | null;
  value: string;
  negated: boolean;
  quoted: boolean;
}

/** Splits a search query into `key:value` terms (values may be "quoted") and free text. */
export function parseQuery(query: string): Term[] {
  const terms: Term[] = [];
  for (const match of query.matchAll(/(!?)([\w.-]+):("(?:[^"\\]|\\.)*"|\S*)|"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    const [, bang, key, rawValue, quotedText, text] = match;
    if (key !== undefined) {
      const quoted = rawValue!.startsWith('"');
      terms.push({
        key,
        value: quoted ? rawValue!.slice(1, -1).replace(/\\"/g, '"') : rawValue!,
        negated: !!bang,
        quoted,
      });
    } else {
      terms.push({ key: null, value: quotedText ?? text ?? '', negated: false, quoted: quotedText !== undefined });
    }
  }
  return terms;
}

const STATUS: Record<string, IssueRecord['status']> = {
  unresolved: 'unresolved',
  resolved: 'resolved',
  ignored: 'ignored',
  archived: 'ignored',
};

/** Whether one term matches an issue; unknown keys are tag searches, as on Sentry. */
function matches(term: Term, issue: IssueRecord): boolean {
  const v = term.value;
  switch (term.key) {
    case null:
      return `${issue.title} ${issue.culprit}`.toLowerCase().includes(v.toLowerCase());
    case 'is':
      if (v === 'unassigned' || v === 'for_review') return true;
      return issue.status === STATUS[v];
    case 'first-release':
    case 'firstRelease':
      return issue.firstRelease === v;
    case 'release':
      return issue.firstRelease === v || issue.lastRelease === v;
    case 'environment':
      return issue.environments.includes(v);
    case 'level':
      return issue.level === v;
    case 'project':
      return issue.project === v;
    default:
      return issue.tags[term.key] === v;
  }
}

export function matchesAll(terms: Term[], issue: IssueRecord): boolean {
  return terms.every((t) => matches(t, issue) !== t.negated);
}

/** `24h`, `14d`, `2w`, `30m` as milliseconds, or undefined for anything else. */
export function periodMs(period: string): number | undefined {
  const match = /^(\d+)([smhdw])$/.exec(period);
  if (!match) return undefined;
  const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3 }[match[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(match[1]) * unit;
}
