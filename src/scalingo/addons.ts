import type { AddonsResource } from './api.ts';
import { appPath } from './apps.ts';
import { readAddon, readAddons } from './answers.ts';
import { ScalingoApiError } from './errors.ts';
import type { HttpClient } from './http.ts';
import type { Addon } from './types.ts';

export class Addons implements AddonsResource {
  #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async list(app: string): Promise<Addon[]> {
    const res = await this.#http.request<{ addons?: Addon[] }>({
      method: 'GET',
      url: this.#http.api(`${appPath(app)}/addons`),
      expect: [200],
      idempotent: true,
      read: readAddons,
      what: `list the addons of '${app}'`,
      app,
    });
    return res.body.addons ?? [];
  }

  /** POST …/addons: an addon of this plan, `provisioning` until it runs. Sent once (it is billed). */
  async provision(app: string, addon: { providerId: string; planId: string }): Promise<Addon> {
    const res = await this.#http.request<{ addon: Addon }>({
      method: 'POST',
      url: this.#http.api(`${appPath(app)}/addons`),
      body: { addon: { addon_provider_id: addon.providerId, plan_id: addon.planId, options: null } },
      expect: [201, 200],
      idempotent: false,
      read: readAddon,
      what: `provision a ${addon.providerId} addon on '${app}'`,
      app,
    });
    return res.body.addon;
  }

  async get(app: string, addonId: string, options: { signal?: AbortSignal } = {}): Promise<Addon> {
    const res = await this.#http.request<{ addon: Addon }>({
      method: 'GET',
      url: this.#http.api(`${appPath(app)}/addons/${encodeURIComponent(addonId)}`),
      expect: [200],
      idempotent: true,
      read: readAddon,
      what: `read addon ${addonId} of '${app}'`,
      app,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return res.body.addon;
  }

  async remove(app: string, addonId: string): Promise<boolean> {
    try {
      await this.#http.request<unknown>({
        method: 'DELETE',
        url: this.#http.api(`${appPath(app)}/addons/${encodeURIComponent(addonId)}`),
        expect: [204, 200],
        idempotent: true,
        text: true,
        what: `remove addon ${addonId} of '${app}'`,
        app,
      });
      return true;
    } catch (error) {
      if (error instanceof ScalingoApiError && error.kind === 'not-found') return false;
      throw error;
    }
  }

  /** A fresh addon JWT for the database API, masked before it is returned. */
  async token(app: string, addonId: string): Promise<string> {
    const res = await this.#http.request<{ addon?: { token?: unknown } }>({
      method: 'POST',
      url: this.#http.api(`${appPath(app)}/addons/${encodeURIComponent(addonId)}/token`),
      body: {},
      expect: [200],
      // Asking twice only yields two valid tokens.
      idempotent: true,
      what: `get a database access token for addon ${addonId} of '${app}'`,
      app,
    });
    const token = res.body.addon?.token;
    if (typeof token !== 'string' || token === '') {
      throw new ScalingoApiError({
        kind: 'unexpected',
        status: res.status,
        message: `Scalingo returned no token for addon ${addonId} of '${app}'.`,
      });
    }
    this.#http.logger.mask(token);
    return token;
  }
}
