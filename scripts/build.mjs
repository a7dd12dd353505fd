// Builds one ncc bundle per action: src/actions/<name>/index.ts -> dist/<name>/index.js.
// `npm run build -- deploy post-deploy` builds only those.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const all = readdirSync(join(root, 'src/actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'src/actions', d.name, 'index.ts')))
  .map((d) => d.name)
  .sort();
const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : all;

for (const name of names) {
  if (!all.includes(name)) throw new Error(`No action named '${name}' (have: ${all.join(', ')})`);
  const out = join(root, 'dist', name);
  // Build beside the bundle and swap it in, so a test running the old bundle never sees it missing.
  const next = join(root, 'dist', `.${name}.next`);
  rmSync(next, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      join(root, 'src/actions', name, 'index.ts'),
      '-o',
      next,
      '--license',
      'licenses.txt',
      '--target',
      'es2023',
      '--minify',
      '--quiet',
      // Webpack's cache (in /tmp) may hand back a module from an earlier tree: a fresh clone would
      // then build a different dist/ than this one did. Only a build from the sources is trusted.
      '--no-cache',
    ],
    { stdio: 'inherit', cwd: root },
  );
  rmSync(out, { recursive: true, force: true });
  renameSync(next, out);
  console.log(`built dist/${name}/index.js`);
}
