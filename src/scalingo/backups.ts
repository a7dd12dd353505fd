import type { AddonsResource, BackupsResource } from './api.ts';
import { readArchive, readBackup, readBackups } from './answers.ts';
import { maskUrl } from '../shared/secrets.ts';
import { ScalingoApiError, ScalingoOperationError } from './errors.ts';
import { sleep } from '../shared/async.ts';
import { type HttpClient } from './http.ts';
import { CachedToken } from './tokens.ts';
import type { Backup } from './types.ts';

/** Database backups through the region's database API, authenticated with an addon token. */
export class Backups implements BackupsResource {
  #http: HttpClient;
  #addons: AddonsResource;
  #intervalMs: number;
  // One cached addon token per addon, renewed near expiry and after a 401.
  #tokens = new Map<string, CachedToken>();

  constructor(http: HttpClient, addons: AddonsResource, intervalMs: number) {
    this.#http = http;
    this.#addons = addons;
    this.#intervalMs = intervalMs;
  }

  #token(app: string, addonId: string): CachedToken {
    const key = `${app}\n${addonId}`;
    let token = this.#tokens.get(key);
    if (!token) {
      token = new CachedToken(() => this.#addons.token(app, addonId), this.#http.logger);
      this.#tokens.set(key, token);
    }
    return token;
  }

  async create(app: string, addonId: string, options: { signal?: AbortSignal } = {}): Promise<Backup> {
    const res = await this.#http.request<{ database_backup: Backup }>({
      method: 'POST',
      url: this.#http.db(`/databases/${encodeURIComponent(addonId)}/backups`),
      expect: [201],
      idempotent: false,
      auth: this.#token(app, addonId),
      read: readBackup,
      what: `start a backup of the database ${addonId} of '${app}'`,
      app,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return res.body.database_backup;
  }

  async get(app: string, addonId: string, backupId: string, options: { signal?: AbortSignal } = {}): Promise<Backup> {
    const res = await this.#http.request<{ database_backup: Backup }>({
      method: 'GET',
      url: this.#http.db(`/backups/${encodeURIComponent(backupId)}`),
      expect: [200],
      idempotent: true,
      auth: this.#token(app, addonId),
      read: readBackup,
      what: `read backup ${backupId} of the database ${addonId} of '${app}'`,
      app,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return res.body.database_backup;
  }

  /** The signed download URL of a done backup's archive, masked before it is returned. */
  async archiveUrl(app: string, addonId: string, backupId: string): Promise<string> {
    const res = await this.#http.request<{ download_url: string }>({
      method: 'GET',
      url: this.#http.db(`/databases/${encodeURIComponent(addonId)}/backups/${encodeURIComponent(backupId)}/archive`),
      expect: [200],
      idempotent: true,
      auth: this.#token(app, addonId),
      read: readArchive,
      what: `get the archive of backup ${backupId} of the database ${addonId} of '${app}'`,
      app,
    });
    maskUrl(this.#http.logger, res.body.download_url);
    return res.body.download_url;
  }

  async list(app: string, addonId: string): Promise<Backup[]> {
    const res = await this.#http.request<{ database_backups?: Backup[] }>({
      method: 'GET',
      url: this.#http.db(`/databases/${encodeURIComponent(addonId)}/backups`),
      expect: [200],
      idempotent: true,
      auth: this.#token(app, addonId),
      read: readBackups,
      what: `list the backups of the database ${addonId} of '${app}'`,
      app,
    });
    return res.body.database_backups ?? [];
  }

  /**
   * Polls until `done`. Ends in `error`/`cancelled` throw a ScalingoOperationError; the signal is the
   * caller's deadline for the whole wait, requests and retries included.
   */
  async waitDone(
    app: string,
    addonId: string,
    backupId: string,
    options: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal; onStatus?: (b: Backup) => void } = {},
  ): Promise<Backup> {
    const interval = options.intervalMs ?? this.#intervalMs;
    const limits = [
      options.signal,
      options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
    ];
    const signal = AbortSignal.any(limits.filter((s) => s !== undefined));
    let lastStatus: string | undefined;
    for (;;) {
      const backup = await this.get(app, addonId, backupId, { signal });
      if (backup.status !== lastStatus) {
        lastStatus = backup.status;
        options.onStatus?.(backup);
      }
      if (backup.status === 'done') return backup;
      if (backup.status === 'error' || backup.status === 'cancelled' || backup.status === 'cancelling') {
        throw new ScalingoOperationError(
          `The backup ${backupId} of the database ${addonId} of '${app}' ended with status '${backup.status}': check the database's Backups tab in the Scalingo dashboard and retry.`,
        );
      }
      try {
        await sleep(interval, signal);
      } catch {
        throw new ScalingoApiError({
          kind: 'timeout',
          status: 0,
          message: `The backup ${backupId} of the database ${addonId} of '${app}' is still '${backup.status}' at the deadline.`,
        });
      }
    }
  }
}
