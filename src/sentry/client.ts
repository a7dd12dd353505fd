// The Sentry calls a release needs (facts A2-A6), each answer checked at the edge: a release, a
// deploy, an issue list. A deploy create is never repeated blindly: it is looked for first (A5).
import {
  asDeploy,
  isObject,
  asIssue,
  asRelease,
  type NewIssues,
  type NewSentryDeploy,
  type NewSentryRelease,
  type SentryDeploy,
  type SentryRef,
  type SentryRelease,
} from './answers.ts';
import { SentryApiError } from './errors.ts';
import { SentryHttp, nextPage, type SentryHttpOptions } from './http.ts';

export type SentryApi = Pick<
  SentryClient,
  | 'baseUrl'
  | 'org'
  | 'createRelease'
  | 'repositories'
  | 'setCommits'
  | 'createDeploy'
  | 'finalize'
  | 'newIssues'
  | 'issuesUrl'
  | 'releaseUrl'
>;

/** A release version inside a search query, quoted (versions with `@` or spaces need it, facts A6). */
export function quotedVersion(version: string): string {
  return `"${version.replace(/["\\]/g, '\\$&')}"`;
}

export class SentryClient {
  readonly org: string;
  readonly baseUrl: string;
  #http: SentryHttp;

  constructor(options: SentryHttpOptions & { org: string }) {
    this.#http = new SentryHttp(options);
    this.org = options.org;
    this.baseUrl = this.#http.baseUrl;
  }

  #org(path = ''): string {
    return `/organizations/${encodeURIComponent(this.org)}${path}`;
  }

  #release(version: string, path = '/'): string {
    return this.#org(`/releases/${encodeURIComponent(version)}${path}`);
  }

  /** Get-or-create (facts A2): 201 created (or a project added), 208 it existed already; both succeed. */
  async createRelease(release: NewSentryRelease): Promise<{ created: boolean; release: SentryRelease }> {
    const path = this.#org('/releases/');
    const answer = await this.#http.request<unknown>('POST', path, { body: release, idempotent: true });
    return { created: answer.status !== 208, release: asRelease('POST', path, answer.status, answer.data) };
  }

  /** Names of the repositories linked to the organization (what `refs` may name). */
  async repositories(): Promise<string[]> {
    const { items } = await this.#http.paginate<unknown>(this.#org('/repos/'));
    return items.flatMap((r) => (isObject(r) && typeof r.name === 'string' ? [r.name] : []));
  }

  async setCommits(version: string, refs: SentryRef[]): Promise<SentryRelease> {
    const path = this.#release(version);
    const answer = await this.#http.request<unknown>('PUT', path, { body: { refs } });
    return asRelease('PUT', path, answer.status, answer.data);
  }

  /** dateReleased set explicitly: the server leaves a release unreleased otherwise (facts A2/A4). */
  async finalize(version: string, dateReleased: string): Promise<SentryRelease> {
    const path = this.#release(version);
    const answer = await this.#http.request<unknown>('PUT', path, { body: { dateReleased } });
    return asRelease('PUT', path, answer.status, answer.data);
  }

  async deploys(version: string): Promise<SentryDeploy[]> {
    const { items } = await this.#http.paginate<unknown>(this.#release(version, '/deploys/'));
    return items.flatMap((d) => asDeploy(d) ?? []);
  }

  /**
   * Every POST adds a deploy (facts A5), so after a lost answer or a 5xx the deploys are read first:
   * the one with our environment and start time is ours; only when it is not there is the POST sent again.
   */
  async createDeploy(version: string, deploy: NewSentryDeploy): Promise<SentryDeploy> {
    const path = this.#release(version, '/deploys/');
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.#http.request<unknown>('POST', path, { body: deploy, idempotent: false });
        const created = asDeploy(answer.data);
        if (!created) throw new SentryApiError('POST', path, answer.status, 'the answer is not a deploy');
        return created;
      } catch (error) {
        const unknownOutcome = error instanceof SentryApiError && (error.status === 0 || error.status >= 500);
        if (!unknownOutcome || attempt >= 1) throw error;
        const ours = (await this.deploys(version)).find(
          (d) =>
            d.environment === deploy.environment && Date.parse(d.dateStarted ?? '') === Date.parse(deploy.dateStarted),
        );
        if (ours) return ours;
      }
    }
  }

  /**
   * Unresolved issues first seen in the release (`first-release:"V"`, facts A6), most frequent first.
   * The count is Sentry's X-Hits when it sends one, else the pages are counted (up to 1,000 issues).
   */
  async newIssues(version: string, projectIds: string[], top = 10): Promise<NewIssues> {
    const path = this.#org('/issues/');
    const query = {
      query: `first-release:${quotedVersion(version)} is:unresolved`,
      project: projectIds,
      statsPeriod: '14d',
      sort: 'freq',
      limit: 100,
    };
    const first = await this.#http.request<unknown>('GET', path, { query });
    if (!Array.isArray(first.data)) throw new SentryApiError('GET', path, first.status, 'the answer is not a list');
    const issues = first.data.flatMap((i) => asIssue(i) ?? []);
    const hits = Number(first.headers.get('x-hits'));
    let count = issues.length;
    let exact = true;
    const next = nextPage(first.headers.get('link'));
    if (Number.isInteger(hits) && first.headers.has('x-hits')) count = Math.max(hits, issues.length);
    else if (next) {
      const rest = await this.#http.paginate<unknown>(next, {}, 9);
      count += rest.items.length;
      exact = rest.complete;
    }
    return { count, exact, top: issues.slice(0, top) };
  }

  /** Sentry's own "Open in Issues" search of a release's new issues (facts A6: `firstRelease:V`). */
  issuesUrl(version: string, projectIds: string[]): string {
    const url = new URL(`${this.baseUrl}${this.#org('/issues/')}`);
    url.searchParams.set('query', `firstRelease:${quotedVersion(version)}`);
    for (const id of projectIds) url.searchParams.append('project', id);
    return url.toString();
  }

  releaseUrl(version: string): string {
    return `${this.baseUrl}${this.#release(version)}`;
  }
}

export type * from './answers.ts';
