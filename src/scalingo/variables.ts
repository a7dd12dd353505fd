import type { VariablesResource } from './api.ts';
import { appPath } from './apps.ts';
import { readVariables } from './answers.ts';
import type { HttpClient } from './http.ts';
import type { Variable } from './types.ts';

/** Environment variables. Changing them does not restart the app: restart afterwards. */
export class Variables implements VariablesResource {
  #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async list(app: string, options: { aliases?: boolean } = {}): Promise<Variable[]> {
    const res = await this.#http.request<{ variables?: Variable[] }>({
      method: 'GET',
      url: this.#http.api(`${appPath(app)}/variables`),
      query: { aliases: options.aliases ?? true },
      expect: [200],
      idempotent: true,
      read: readVariables,
      what: `list the environment variables of '${app}'`,
      app,
    });
    return res.body.variables ?? [];
  }

  /** Bulk PUT: creates missing names, updates the others; sending it twice gives the same state. */
  async upsert(app: string, variables: { name: string; value: string }[]): Promise<Variable[]> {
    const res = await this.#http.request<{ variables?: Variable[] }>({
      method: 'PUT',
      url: this.#http.api(`${appPath(app)}/variables`),
      body: { variables: variables.map(({ name, value }) => ({ name, value })) },
      expect: [200, 201],
      idempotent: true,
      what: `set environment variables ${variables.map((v) => v.name).join(', ')} on '${app}'`,
      app,
    });
    return res.body.variables ?? [];
  }

  /**
   * Bulk delete in one request. The docs put the ids in a JSON body, the recorded CLI traffic in the
   * query string (`variable_ids[]=`): both are sent, so either reading removes them, and a proxy that
   * drops DELETE bodies still leaves the query.
   */
  async deleteMany(app: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const url = new URL(this.#http.api(`${appPath(app)}/variables`));
    for (const id of ids) url.searchParams.append('variable_ids[]', id);
    await this.#http.request<unknown>({
      method: 'DELETE',
      url: url.href,
      body: { variable_ids: ids },
      expect: [204, 200],
      // Deleting ids already gone changes nothing.
      idempotent: true,
      what: `delete ${ids.length} environment variable(s) of '${app}'`,
      app,
    });
  }

  async delete(app: string, id: string): Promise<void> {
    await this.#http.request<unknown>({
      method: 'DELETE',
      url: this.#http.api(`${appPath(app)}/variables/${encodeURIComponent(id)}`),
      expect: [204],
      idempotent: true,
      what: `delete environment variable ${id} of '${app}'`,
      app,
    });
  }
}
