// `npm run demo` is the newcomer's first contact: it must tell the whole story and exit 0.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

it('npm run demo releases v1.1.0 and runs a review app end to end on the sandboxes', () => {
  const root = resolve(import.meta.dirname, '../..');
  const run = spawnSync(process.execPath, ['scripts/demo.ts'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(run.status, run.stderr).toBe(0);
  for (const step of ['2. release-notes', '3. deploy', '4. post-deploy', '5. deploy-production', '6. review-app'])
    expect(run.stdout).toContain(step);
  expect(run.stdout).toContain('Draft release v1.1.0: created');
  expect(run.stdout).toContain('Applying 0002_cart... OK');
  expect(run.stdout).toMatch(/Backup \S+ of PostgreSQL done/);
  expect(run.stdout).toContain('GitHub release v1.1.0: published');
  expect(run.stdout).toContain('Production database migrations: 0001_initial, 0002_cart');
  expect(run.stdout).toContain('Applying 0003_wishlist... OK');
  expect(run.stdout).toContain('Seeded already');
  expect(run.stdout).toMatch(/Review app `shop-staging-pr\d+`: deleted/);
  expect(run.stdout).not.toContain('::save-state');
});
