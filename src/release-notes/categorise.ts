import { isBot, sameLogin } from './pull-request.ts';
import type { Change, PullRequest } from './pull-request.ts';
import type { ReleaseConfig } from './release-config.ts';
import type { Bump } from './versions.ts';
import type { SectionKey, Strings } from './strings.ts';

export interface Section {
  title: string;
  changes: Change[];
}

// `feat(api)!: drop v1` -> type feat, scope api, breaking.
const CONVENTIONAL = /^\s*([A-Za-z]+)(?:\(([^)]*)\))?(!)?:\s/;

const LABELS: Record<Exclude<SectionKey, 'other'>, string[]> = {
  features: ['feature', 'features', 'enhancement', 'feat', 'new feature'],
  fixes: ['bug', 'bugfix', 'fix', 'regression'],
  dependencies: ['dependencies', 'dependency', 'deps'],
  technical: [
    'refactor',
    'refactoring',
    'performance',
    'perf',
    'ci',
    'chore',
    'build',
    'test',
    'tests',
    'technical',
    'tech-debt',
    'maintenance',
  ],
};
const TECHNICAL_TYPES = ['refactor', 'perf', 'ci', 'chore', 'build', 'test', 'tests'];
const BREAKING_LABELS = ['breaking', 'breaking-change', 'breaking change', 'semver-major', 'major'];

// `type: bug`, `kind/feature` and `Bug` all mean bug.
const normLabel = (label: string) =>
  label
    .toLowerCase()
    .replace(/^(type|kind)\s*[:/]\s*/, '')
    .trim();

/** The built-in section of a pull request: dependency bots first, then labels, then the title prefix. */
export function builtInSection(pr: Pick<PullRequest, 'title' | 'labels' | 'author' | 'authorIsBot'>): SectionKey {
  const labels = pr.labels.map(normLabel);
  const match = CONVENTIONAL.exec(pr.title);
  const type = match?.[1]?.toLowerCase();
  const scope = match?.[2]?.toLowerCase();
  if (
    labels.some((l) => LABELS.dependencies.includes(l)) ||
    type === 'deps' ||
    scope === 'deps' ||
    (isBot(pr) && /dependabot|renovate/i.test(pr.author ?? ''))
  ) {
    return 'dependencies';
  }
  for (const key of ['features', 'fixes', 'technical'] as const) {
    if (labels.some((l) => LABELS[key].includes(l))) return key;
  }
  if (type === 'feat' || type === 'feature') return 'features';
  if (type === 'fix' || type === 'bugfix') return 'fixes';
  if (type && TECHNICAL_TYPES.includes(type)) return 'technical';
  return 'other';
}

export function isBreaking(pr: Pick<PullRequest, 'title' | 'labels'>): boolean {
  return pr.labels.some((l) => BREAKING_LABELS.includes(normLabel(l))) || CONVENTIONAL.exec(pr.title)?.[3] === '!';
}

/** major for a breaking change, minor for any feature, patch otherwise. */
export function bumpFor(prs: readonly PullRequest[]): Bump {
  if (prs.some(isBreaking)) return 'major';
  if (prs.some((pr) => builtInSection(pr) === 'features')) return 'minor';
  return 'patch';
}

/**
 * Sorts the changes into sections, in display order, empty ones left out. With a release.yml the
 * rules are GitHub's: global exclusions, then the first category whose labels match (`*` matches
 * all) and that does not exclude the pull request; what no category takes goes to "Other changes".
 */
export function categorise(changes: readonly Change[], strings: Strings, config?: ReleaseConfig): Section[] {
  const sections = new Map<string, Change[]>();
  const order = config
    ? [...new Set([...config.categories.map((c) => c.title), strings.sections.other])]
    : Object.values(strings.sections);
  for (const title of order) sections.set(title, []);
  for (const change of changes) {
    const title = sectionTitle(change, strings, config);
    if (title !== null) sections.get(title)?.push(change);
  }
  return order.map((title) => ({ title, changes: sections.get(title) ?? [] })).filter((s) => s.changes.length > 0);
}

function sectionTitle(change: Change, strings: Strings, config?: ReleaseConfig): string | null {
  if (change.kind === 'commit') return strings.sections.other;
  const pr = change.pullRequest;
  if (!config) return strings.sections[builtInSection(pr)];
  const labels = pr.labels.map((l) => l.toLowerCase());
  const hasLabel = (wanted: string[]) => wanted.some((w) => labels.includes(w.toLowerCase()));
  const byAuthor = (authors: string[]) => pr.author !== null && authors.some((a) => sameLogin(a, pr.author!));
  if (hasLabel(config.excludeLabels) || byAuthor(config.excludeAuthors)) return null;
  for (const category of config.categories) {
    if (hasLabel(category.excludeLabels) || byAuthor(category.excludeAuthors)) continue;
    if (category.labels.includes('*') || hasLabel(category.labels)) return category.title;
  }
  return strings.sections.other;
}
