import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeToken, type SentryToken, type SentryTokenSpec } from './auth.ts';
import { iso, type SentryCore } from './kit.ts';
import { newRelease } from './releases.ts';
import { dispatch, type Dispatch } from './server.ts';
import { resolveSettings, type SentrySettings } from './settings.ts';
import type { IssueRecord, ProjectRecord, ReleaseRecord, RepositoryRecord, SentryState } from './state.ts';

export type { SentryToken, SentryTokenSpec } from './auth.ts';
export type { SentrySettings } from './settings.ts';
export type * from './state.ts';

export interface SentryJournalEntry {
  method: string;
  /** Percent-decoded path (a version's `%40` shows as `@`). */
  path: string;
  /** The path as sent, to check that clients URL-encode versions. */
  rawPath: string;
  /** Repeated parameters (`environment`, `project`) as arrays. */
  query: Record<string, string | string[]>;
  body: unknown;
  status: number;
  /** Kind of the known token sent, if any. */
  token?: SentryToken['kind'];
  faulted?: boolean;
  /** Refused by the per-caller, per-endpoint rate limit. */
  rateLimited?: boolean;
}

export interface SentryFaultRule {
  method?: string;
  /** A string matches the exact path or a path ending with it (trailing slash optional); no query string. */
  path: string | RegExp;
  /** 429 without a body gets Sentry's `detail` body and X-Sentry-Rate-Limit-* headers; 5xx a `detail`. */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  times?: number;
  drop?: boolean;
  /** Wait first; alone, it only delays the real answer. */
  delayMs?: number;
}

export interface IssueSpec {
  /** Project slug. */
  project: string;
  title: string;
  firstRelease?: string | null;
  lastRelease?: string | null;
  environment?: string | string[];
  level?: string;
  status?: IssueRecord['status'];
  culprit?: string;
  count?: number;
  userCount?: number;
  firstSeen?: string;
  lastSeen?: string;
  tags?: Record<string, string>;
}

export interface SentryDoubleOptions extends Partial<Omit<SentrySettings, 'bodies'>> {
  /** Any of the unconfirmed 401/403 bodies to replace. */
  bodies?: Partial<SentrySettings['bodies']>;
  /** Organization slug (default `acme`). */
  org?: string;
  /** Project slugs or records (default `['shop']`). */
  projects?: (string | (Partial<ProjectRecord> & { slug: string }))[];
  /** Repositories linked to the organization, by name, optionally with a git directory to read commits from. */
  repositories?: (string | { name: string; gitDir?: string })[];
  tokens?: SentryTokenSpec[];
  /** The clock (ms); default Date.now. */
  now?: () => number;
}

export interface SentryDouble {
  /** Server root: what SENTRY_URL is set to. */
  url: string;
  /** `${url}/api/0` */
  apiUrl: string;
  org: string;
  /** An org auth token (`sntrys_…`, scope org:ci): releases and deploys, 403 on issues. */
  orgToken: string;
  /** A user token (`sntryu_…`, scopes event:read project:releases org:read): reads issues too. */
  userToken: string;
  addToken(spec: SentryTokenSpec): string;
  addProject(spec: string | (Partial<ProjectRecord> & { slug: string })): ProjectRecord;
  linkRepository(name: string, gitDir?: string): RepositoryRecord;
  /** An issue as if its first event arrived now; its release is created or joined, as events do. */
  addIssue(spec: IssueSpec): IssueRecord;
  fault(rule: SentryFaultRule): void;
  journal: SentryJournalEntry[];
  /** POST/PUT/DELETE requests received. */
  mutations(): SentryJournalEntry[];
  state: SentryState;
  releases: ReleaseRecord[];
  release(version: string): ReleaseRecord | undefined;
  settings: SentrySettings;
  close(): Promise<void>;
}

export async function startSentryDouble(options: SentryDoubleOptions = {}): Promise<SentryDouble> {
  let lastId = 1000;
  const state: SentryState = {
    projects: [],
    repositories: [],
    releases: [],
    deploys: [],
    issues: [],
    environments: [],
    nextId: () => ++lastId,
  };
  const core: SentryCore = {
    url: '',
    org: options.org ?? 'acme',
    state,
    settings: resolveSettings(options),
    tokens: new Map(),
    now: options.now ?? Date.now,
  };
  const d: Dispatch = { core, journal: [], faults: [], timers: new Set(), windows: new Map(), inflight: new Map() };
  const server = createServer((req, res) => {
    res.on('error', () => {});
    void dispatch(d, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  core.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const addToken = (spec: SentryTokenSpec): string => {
    const token = makeToken(spec, core);
    core.tokens.set(token.token, token);
    return token.token;
  };
  const addProject = (spec: string | (Partial<ProjectRecord> & { slug: string })): ProjectRecord => {
    const fields = typeof spec === 'string' ? { slug: spec } : spec;
    const project: ProjectRecord = { id: state.nextId(), name: fields.slug, platform: 'python', ...fields };
    state.projects.push(project);
    return project;
  };
  const linkRepository = (name: string, gitDir?: string): RepositoryRecord => {
    const repo: RepositoryRecord = {
      id: state.nextId(),
      name,
      dateCreated: iso(core.now()),
      ...(gitDir ? { gitDir } : {}),
    };
    state.repositories.push(repo);
    return repo;
  };
  const shortIds = new Map<string, number>();
  const addIssue = (spec: IssueSpec): IssueRecord => {
    if (!state.projects.some((p) => p.slug === spec.project)) throw new Error(`addIssue: no project ${spec.project}`);
    const n = (shortIds.get(spec.project) ?? 0) + 1;
    shortIds.set(spec.project, n);
    const environments = spec.environment === undefined ? ['production'] : [spec.environment].flat();
    const firstSeen = spec.firstSeen ?? iso(core.now());
    const issue: IssueRecord = {
      id: String(state.nextId() + 4_000_000_000),
      shortId: `${spec.project.toUpperCase()}-${n.toString(36).toUpperCase()}`,
      title: spec.title,
      culprit: spec.culprit ?? 'app.main',
      level: spec.level ?? 'error',
      status: spec.status ?? 'unresolved',
      firstSeen,
      lastSeen: spec.lastSeen ?? firstSeen,
      count: spec.count ?? 1,
      userCount: spec.userCount ?? 1,
      project: spec.project,
      firstRelease: spec.firstRelease ?? null,
      lastRelease: spec.lastRelease ?? spec.firstRelease ?? null,
      environments,
      tags: spec.tags ?? {},
      addedAt: core.now(),
    };
    for (const env of environments) if (!state.environments.includes(env)) state.environments.push(env);
    // An event carrying a release creates it (unreleased) or adds its project, as Sentry's ingestion does.
    for (const version of new Set([issue.firstRelease, issue.lastRelease])) {
      if (!version) continue;
      const release =
        state.releases.find((r) => r.version === version) ?? newRelease(core, version, { fromEvent: true });
      if (!release.projects.includes(spec.project)) release.projects.push(spec.project);
    }
    state.issues.push(issue);
    return issue;
  };

  for (const p of options.projects ?? ['shop']) addProject(p);
  for (const r of options.repositories ?? [])
    typeof r === 'string' ? linkRepository(r) : linkRepository(r.name, r.gitDir);
  const orgToken = addToken({ kind: 'org' });
  const userToken = addToken({ kind: 'user' });
  for (const spec of options.tokens ?? []) addToken(spec);

  return {
    url: core.url,
    apiUrl: `${core.url}/api/0`,
    org: core.org,
    orgToken,
    userToken,
    addToken,
    addProject,
    linkRepository,
    addIssue,
    fault: (rule) => d.faults.push({ ...rule, left: rule.times ?? 1 }),
    journal: d.journal,
    mutations: () => d.journal.filter((e) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(e.method)),
    state,
    releases: state.releases,
    release: (version) => state.releases.find((r) => r.version === version),
    get settings() {
      return core.settings;
    },
    set settings(value: SentrySettings) {
      core.settings = value;
    },
    close: async () => {
      for (const timer of d.timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
