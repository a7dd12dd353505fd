// Child apps (wave-2 facts §17): a review app per pull request is a child of the staging app. The
// create is not repeated blindly: after an unknown outcome the list says whether the app exists.
import type { ChildAppsResource } from './api.ts';
import { readApp, readChildApps } from './answers.ts';
import { appPath } from './apps.ts';
import { ScalingoApiError } from './errors.ts';
import type { HttpClient } from './http.ts';
import type { App, Pagination } from './types.ts';

const PER_PAGE = 50;
const MAX_PAGES = 20;

export class ChildApps implements ChildAppsResource {
  #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** Every child of `parent`, all pages. */
  async list(parent: string): Promise<App[]> {
    const apps: App[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await this.#http.request<{ child_apps?: App[]; meta?: { pagination?: Pagination } }>({
        method: 'GET',
        url: this.#http.api(`${appPath(parent)}/child_apps`),
        query: { page, per_page: PER_PAGE },
        expect: [200, 201],
        idempotent: true,
        read: readChildApps,
        what: `list the child apps of '${parent}'`,
        app: parent,
        appLookup: true,
      });
      apps.push(...(res.body.child_apps ?? []));
      if (!res.body.meta?.pagination?.next_page) break;
    }
    return apps;
  }

  /** Creates the child, or finds the one an answer-less create made (never two apps of one name). */
  async create(parent: string, name: string): Promise<App> {
    try {
      const res = await this.#http.request<{ app: App }>({
        method: 'POST',
        url: this.#http.api(`${appPath(parent)}/child_apps`),
        body: { app: { name } },
        expect: [201, 200],
        idempotent: false,
        read: readApp,
        what: `create the child app '${name}' of '${parent}'`,
        app: parent,
        appLookup: true,
      });
      return res.body.app;
    } catch (error) {
      // Taken (another run made it a moment ago) or lost on the way back: it may well exist.
      const unknown =
        error instanceof ScalingoApiError && ['network', 'server', 'malformed', 'validation'].includes(error.kind);
      if (!unknown) throw error;
      const made = (await this.list(parent)).find((app) => app.name === name);
      if (made) return made;
      throw error;
    }
  }

  /** Deletes any app (current_name confirmation); false when it was already gone. */
  async delete(app: string): Promise<boolean> {
    try {
      await this.#http.request<unknown>({
        method: 'DELETE',
        url: this.#http.api(appPath(app)),
        query: { current_name: app },
        expect: [204, 200],
        idempotent: true,
        text: true,
        what: `delete the app '${app}'`,
        app,
        appLookup: true,
      });
      return true;
    } catch (error) {
      if (error instanceof ScalingoApiError && error.kind === 'not-found') return false;
      throw error;
    }
  }
}
