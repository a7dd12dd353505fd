import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packDirectory, uploadSource } from '../../src/deploy/archive.ts';
import { MemoryLogger } from '../../src/shared/logger.ts';
import { FakeScalingo } from './fake-scalingo.ts';

const root = mkdtempSync(join(tmpdir(), 'deploy-archive-'));
const app = join(root, 'my-app');
mkdirSync(join(app, 'web', '.git'), { recursive: true });
mkdirSync(join(app, '.git', 'objects'), { recursive: true });
writeFileSync(join(app, 'Procfile'), 'web: ./run\n');
writeFileSync(join(app, 'web', 'index.html'), '<p>hi</p>\n');
writeFileSync(join(app, 'web', '.git', 'config'), '[core]\n');
writeFileSync(join(app, '.git', 'HEAD'), 'ref: refs/heads/main\n');
writeFileSync(join(app, '.gitignore'), 'node_modules\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('packDirectory', () => {
  it('makes a tar.gz with one root directory and no .git', async () => {
    const packed = await packDirectory(app, root);
    try {
      const entries = execFileSync('tar', ['-tzf', packed.file], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((e) => e.replace(/\/$/, ''));
      expect(new Set(entries.map((e) => e.split('/')[0]))).toEqual(new Set([basename(app)]));
      expect(entries.sort()).toEqual([
        'my-app',
        'my-app/.gitignore',
        'my-app/Procfile',
        'my-app/web',
        'my-app/web/index.html',
      ]);
      expect(packed.size).toBeGreaterThan(0);
    } finally {
      await packed.dispose();
    }
    expect(existsSync(packed.file)).toBe(false);
  });

  it('names the problem when tar fails', async () => {
    await expect(packDirectory(join(root, 'nope'), root)).rejects.toThrow(/tar failed with exit code \d+/);
  });
});

describe('uploadSource', () => {
  it('streams the file with its exact length and masks both signed URLs', async () => {
    const fake = new FakeScalingo();
    const logger = new MemoryLogger();
    const packed = await packDirectory(app, root);
    try {
      const url = await uploadSource({ scalingo: fake.api(), logger }, packed);
      expect(url).toContain('download-secret');
      expect(fake.uploads).toEqual([{ length: packed.size, bytes: packed.size }]);
      expect(logger.masked).toEqual(expect.arrayContaining([expect.stringContaining('upload-secret'), url]));
    } finally {
      await packed.dispose();
    }
  });
});
