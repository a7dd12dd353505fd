// `npm run bench`: measures what DESIGN.md §4 promises and writes docs/BENCHMARKS.md.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleSize, coldStart } from './cold-start.ts';

const ROOT = resolve(import.meta.dirname, '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

const sections: string[] = [];
const bundles = readdirSync(join(ROOT, 'dist'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'dist', d.name, 'index.js')))
  .map((d) => d.name)
  .sort();

const rows = [
  '| bundle | size (goal ≤ 1.5 MB) | cold start to first request, median of 7 (goal ≤ 250 ms) |',
  '| --- | --- | --- |',
];
for (const name of bundles) {
  const times = await coldStart(ROOT, name);
  rows.push(
    `| ${name} | ${mb(bundleSize(ROOT, name))} | ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}) |`,
  );
  console.log(rows.at(-1));
}
sections.push(
  '## Bundles',
  '',
  'Command: `npm run bench` (`bench/cold-start.ts`). Size of `dist/<name>/index.js` (the release-notes bundle also has a lazily loaded chunk for `.github/release.yml` parsing); cold start = spawning the bundle as the runner does (node24, `INPUT_*` variables) until a loopback server receives its first request.',
  '',
  ...rows,
  '',
);

// Optional measurements contributed by each action's module: bench/<topic>.ts exporting `bench()`
// that returns markdown lines.
for (const topic of ['deploy', 'many-deploys', 'post-deploy', 'release-notes', 'review-app']) {
  const file = join(ROOT, 'bench', `${topic}.ts`);
  if (!existsSync(file)) continue;
  const module = (await import(file)) as { bench?: () => Promise<string[]> };
  if (!module.bench) continue;
  const [heading = '', ...rest] = await module.bench();
  const lines = [heading, '', `Command: \`npm run bench\` (\`bench/${topic}.ts\`).`, ...rest];
  console.log(lines.join('\n'));
  sections.push(...lines, '');
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = [
  '# Benchmarks',
  '',
  `Produced by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${process.platform}/${process.arch}.`,
  'Everything runs against the loopback sandboxes (`sandbox/scalingo/`, `sandbox/github/`); no timing is asserted in tests.',
  '',
];
writeFileSync(join(ROOT, 'docs/BENCHMARKS.md'), [...header, ...sections].join('\n'));
console.log('wrote docs/BENCHMARKS.md');
