// Deploy numbers of DESIGN.md §4, measured on the sandboxes with the built bundle:
// - overhead: from the sandbox marking our deployment terminal to the action's exit;
// - memory: peak RSS of the action process for `source: upload` of a small and a large tree.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP, startWorld } from '../test/helpers/staging-world.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds from the deployment's `finished_at` in the sandbox to the exit of the action, one per run. */
export async function measureOverhead(runs = 7): Promise<number[]> {
  const world = await startWorld({ phaseMs: 100 });
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await world.run({ 'github-deployment': 'false' });
      const exited = Date.now();
      if (result.exitCode !== 0) throw new Error(`deploy run ${i} failed:\n${result.stdout}\n${result.stderr}`);
      const finished = world.scalingo.app(APP).deployments.at(-1)!.finishedAt!;
      samples.push(exited - Date.parse(finished));
    }
    return samples;
  } finally {
    await world.close();
  }
}

// Loaded into the action with NODE_OPTIONS: writes the process's peak RSS (bytes) when it exits.
// It reads the kernel's high-water mark of the process's own memory (VmHWM), not getrusage's
// maxRSS: Linux folds into maxRSS the memory a process had just before exec, which is its forked
// copy of the parent, so maxRSS reported the bench process (which had just written the tree).
const PROBE = `import { readFileSync, writeFileSync } from 'node:fs';
process.on('exit', () => {
  const kib = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
  writeFileSync(process.env.DEPLOY_BENCH_RSS_FILE, String(kib * 1024));
});
`;

/** A tree of `megabytes` of incompressible files (1 MB writes, so the bench itself stays small). */
function makeTree(dir: string, megabytes: number): void {
  mkdirSync(join(dir, 'static'), { recursive: true });
  writeFileSync(join(dir, 'Procfile'), 'web: ./serve\n');
  const perFile = 10;
  for (let f = 0; f * perFile < megabytes; f++) {
    const file = join(dir, 'static', `blob-${f}.bin`);
    writeFileSync(file, '');
    for (let m = 0; m < Math.min(perFile, megabytes - f * perFile); m++)
      writeFileSync(file, randomBytes(1024 * 1024), { flag: 'a' });
  }
}

/** Peak RSS in bytes of an upload deploy of a tree of `megabytes`. */
export async function measureUploadPeakRss(megabytes: number): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'deploy-bench-'));
  const world = await startWorld({ phaseMs: 20 });
  try {
    makeTree(join(work, 'tree'), megabytes);
    const probe = join(work, 'probe.mjs');
    const rssFile = join(work, 'rss');
    writeFileSync(probe, PROBE);
    const result = await world.run(
      { source: 'upload', path: 'tree', 'github-deployment': 'false', timeout: '10m' },
      { cwd: work, env: { NODE_OPTIONS: `--import=${probe}`, DEPLOY_BENCH_RSS_FILE: rssFile } },
    );
    if (result.exitCode !== 0)
      throw new Error(`upload deploy of ${megabytes} MB failed:\n${result.stdout}\n${result.stderr}`);
    return Number(readFileSync(rssFile, 'utf8'));
  } finally {
    await world.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Scalingo requests per minute while the action follows a deployment that builds for 60 s (four
 * phases of 15 s): counted from the deployment's creation to its end, in the sandbox's journal.
 */
export async function measureFollowRequestRate(): Promise<{ requests: number; minutes: number }> {
  const world = await startWorld({ phaseMs: 15_000 });
  try {
    const result = await world.run({ 'github-deployment': 'false', timeout: '5m' });
    if (result.exitCode !== 0) throw new Error(`follow run failed:\n${result.stdout}\n${result.stderr}`);
    const journal = world.scalingo.journal;
    const created = journal.findIndex((e) => e.method === 'POST' && /\/deployments$/.test(e.path));
    const following = journal.slice(created + 1);
    const start = journal[created]!.time;
    const end = following.at(-1)?.time ?? start;
    return { requests: following.length, minutes: (end - start) / 60_000 };
  } finally {
    await world.close();
  }
}

/** Markdown lines for docs/BENCHMARKS.md (called by bench/run.ts). */
export async function bench(): Promise<string[]> {
  const overhead = await measureOverhead();
  const small = await measureUploadPeakRss(5);
  const large = await measureUploadPeakRss(500);
  const follow = await measureFollowRequestRate();
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  return [
    '## Deploy',
    '',
    '`bench/deploy.ts`: `dist/deploy/index.js` run as the runner runs it against the sandboxes.',
    '',
    '| measure | result | goal |',
    '| --- | --- | --- |',
    `| overhead: deployment terminal in the sandbox → action exited, median of ${overhead.length} | ${median(overhead)} ms (min ${Math.min(...overhead)}, max ${Math.max(...overhead)}) | < 1 s |`,
    `| peak RSS, \`source: upload\` of a 5 MB tree | ${mb(small)} | flat |`,
    `| peak RSS, \`source: upload\` of a 500 MB tree | ${mb(large)} | < 150 MB, same as 5 MB |`,
    `| Scalingo requests while following a 60 s build (stream + safety-net poll) | ${follow.requests} in ${follow.minutes.toFixed(1)} min (${(follow.requests / follow.minutes).toFixed(1)} a minute) | ≤ 6 a minute |`,
  ];
}
