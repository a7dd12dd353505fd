// What a review app costs in requests (issue #13: an update without seeding within 12 Scalingo
// requests), and how long its runs take, measured on the sandboxes with the built bundle.
import { scalingoCalls, startReviewWorld } from '../test/helpers/review-world.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Measured {
  label: string;
  scalingo: string[];
  github: number;
  ms: number;
}

export async function bench(): Promise<string[]> {
  const world = await startReviewWorld({ phaseMs: 40 });
  const measured: Measured[] = [];
  const inputs = {
    addons: 'postgresql:postgresql-starter-512',
    env: 'ALLOWED_HOSTS=%APP_HOST%\nSEND_EMAILS=false',
    'unset-env': 'SENTRY_DSN',
    seed: 'echo seeded',
  };
  const measure = async (
    label: string,
    number: number,
    action: 'opened' | 'synchronize' | 'closed',
    extra: Record<string, string> = {},
  ) => {
    const [scalingoBefore, githubBefore] = [world.scalingo.journal.length, world.github.journal.length];
    const started = performance.now();
    const result = await world.run({ ...inputs, ...extra }, { number, action });
    const ms = performance.now() - started;
    if (result.exitCode !== 0) throw new Error(`review-app ${label} failed:\n${result.stdout}\n${result.stderr}`);
    measured.push({
      label,
      scalingo: scalingoCalls(world.scalingo, scalingoBefore),
      github: world.github.journal.length - githubBefore,
      ms,
    });
  };
  const updates: number[] = [];
  try {
    world.open(1);
    await measure('opened: create, addon, deploy, seed', 1, 'opened');
    for (let i = 0; i < 5; i++) {
      world.github.git.pushToPullRequest(1, { files: { 'feature-1.txt': `v${i + 2}\n` } });
      await measure('synchronize: update (seeded already)', 1, 'synchronize');
      updates.push(measured.at(-1)!.ms);
    }
    world.github.git.pushToPullRequest(1, { files: { 'feature-1.txt': 'v9\n' } });
    await measure('synchronize: update, no `seed`, no `addons`', 1, 'synchronize', { seed: '', addons: '' });
    world.github.git.closePullRequest(1);
    await measure('closed: delete', 1, 'closed');
  } finally {
    await world.close();
  }
  const distinct = new Map<string, Measured>();
  for (const m of measured) if (!distinct.has(m.label)) distinct.set(m.label, m);
  const rows = [...distinct.values()].map((m) => {
    const ms = m.label.startsWith('synchronize: update (') ? median(updates) : m.ms;
    const mutations = m.scalingo.filter((c) => !c.startsWith('GET ')).length;
    return `| ${m.label} | ${m.scalingo.length} (${mutations} changing) | ${m.github} | ${(ms / 1000).toFixed(1)} s |`;
  });
  const update = distinct.get('synchronize: update (seeded already)')!;
  return [
    '## Review apps',
    '',
    "One pull request through its life on the sandboxes (phases of 40 ms; the wall time is mostly the sandbox's own phases and the addon poll). Scalingo requests exclude the token exchange and count the deployment stream's upgrade; goal ≤ 12 for an update without seeding.",
    '',
    '| run | Scalingo requests | GitHub requests | wall time |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `An update's Scalingo requests, in order: ${update.scalingo.map((c) => `\`${c.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, ':id')}\``).join(', ')}.`,
  ];
}
