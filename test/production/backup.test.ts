import { describe, expect, it } from 'vitest';
import { takeBackups } from '../../src/production/backup.ts';
import type { BackupScalingo } from '../../src/production/ports.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import type { Addon, Backup } from '../../src/scalingo/types.ts';

function addon(id: string, provider: string, name: string): Addon {
  return {
    id,
    app_id: 'app',
    resource_id: `r-${id}`,
    status: 'running',
    plan: { id: 'p', name: `${provider}-starter` },
    addon_provider: { id: provider, name },
  };
}

function backup(id: string, status: string): Backup {
  return {
    id,
    created_at: '2026-11-23T19:00:00Z',
    started_at: null,
    name: `${id}.tar.gz`,
    size: 42,
    status,
    database_id: 'db',
    method: 'manual',
  };
}

function fake(addons: Addon[], end: 'done' | 'error' = 'done') {
  const calls: string[] = [];
  const scalingo: BackupScalingo = {
    addons: {
      list: async (app) => (calls.push(`list ${app}`), addons),
    },
    backups: {
      create: async (_app, id) => (calls.push(`create ${id}`), backup(`bk-${id}`, 'scheduled')),
      waitDone: async (_app, id, backupId, options) => {
        calls.push(`wait ${backupId} ${options?.timeoutMs}`);
        options?.onStatus?.(backup(backupId, 'running'));
        if (end === 'error') throw new Error(`backup ${backupId} ended in error`);
        return backup(backupId, 'done');
      },
    },
  };
  return { scalingo, calls };
}

const pg = addon('ad-pg', 'postgresql', 'PostgreSQL');
const redis = addon('ad-redis', 'redis', 'Redis');
const mongo = addon('ad-mongo', 'mongodb', 'MongoDB');

describe('takeBackups', () => {
  it('auto backs up the database addons only, one after the other', async () => {
    const { scalingo, calls } = fake([redis, pg, mongo]);
    const logger = new MemoryLogger();
    const result = await takeBackups(scalingo, logger, { app: 'shop', mode: 'auto', timeoutMs: 60_000 });
    expect(calls).toEqual([
      'list shop',
      'create ad-pg',
      'wait bk-ad-pg 60000',
      'create ad-mongo',
      'wait bk-ad-mongo 60000',
    ]);
    expect(result.backups.map((b) => [b.provider, b.backupId])).toEqual([
      ['PostgreSQL', 'bk-ad-pg'],
      ['MongoDB', 'bk-ad-mongo'],
    ]);
    expect(logger.text()).toMatch(/Backup bk-ad-pg: running/);
  });

  it.each([
    ['auto', [redis], /has no PostgreSQL, MySQL or MongoDB addon/],
    ['false', [pg], /backup: false/],
  ] as const)('mode %s with %j takes none', async (mode, addons, why) => {
    const { scalingo, calls } = fake([...addons]);
    const result = await takeBackups(scalingo, new MemoryLogger(), { app: 'shop', mode, timeoutMs: 1000 });
    expect(result.backups).toEqual([]);
    expect(result.skipped).toMatch(why);
    expect(calls.filter((c) => c.startsWith('create'))).toEqual([]);
  });

  it('mode true without a database refuses before anything is deployed', async () => {
    const { scalingo } = fake([redis]);
    await expect(
      takeBackups(scalingo, new MemoryLogger(), { app: 'shop', mode: 'true', timeoutMs: 1000 }),
    ).rejects.toThrow(
      /^Input 'backup': true, but shop has no PostgreSQL, MySQL or MongoDB addon.*Nothing was deployed/,
    );
  });

  it('a backup ending in error stops the release with the backup named', async () => {
    const { scalingo } = fake([pg], 'error');
    await expect(
      takeBackups(scalingo, new MemoryLogger(), { app: 'shop', mode: 'auto', timeoutMs: 1000 }),
    ).rejects.toThrow(
      /The PostgreSQL backup bk-ad-pg did not complete \(last status 'running' .*ended in error\)\. Nothing was deployed/,
    );
  });
});
