// Hostile text from the app (build logs, one-off output, the commands themselves) against the built
// bundles, read as the runner reads stdout: lines also end at a lone \r, .NET trims more whitespace
// than JavaScript, and the legacy `##[command]` form acts anywhere in a line.
import { afterEach, describe, expect, it } from 'vitest';
import { renderedOutsideFences } from '../helpers/markdown.ts';
import type { ActionResult } from '../helpers/run-action.ts';
import { runAction } from '../helpers/run-action.ts';
import { APP, startWorld, type DeployWorld } from '../helpers/staging-world.ts';
import { APP as PRODUCTION, startProductionWorld, type ProductionWorld } from '../helpers/production-world.ts';
import { startSandbox, type Sandbox } from '../../sandbox/scalingo/index.ts';

const HOSTILE_LOG = [
  '-----> Installing dependencies',
  'Downloading 50%\r::warning::INJECTED after a lone CR',
  '\u0085::warning::INJECTED after NEL',
  '\u3000\u2003::error::INJECTED after wide spaces',
  'npm WARN deprecated left-pad ##[warning]INJECTED legacy form',
  'npm WARN deprecated x ##[add-mask]the-word-deployment',
  'npm WARN deprecated x ##[stop-commands]y',
  '::notice::INJECTED after stop-commands',
];

// Injected annotations carry the hostile text as their whole message; ours only quote it in the log tail.
const injected = (result: ActionResult) => result.annotations.filter((a) => a.message.startsWith('INJECTED'));
const errors = (result: ActionResult) => result.annotations.filter((a) => a.level === 'error');

let world: DeployWorld | undefined;
let production: ProductionWorld | undefined;
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await world?.close();
  await production?.close();
  await sandbox?.close();
  world = production = sandbox = undefined;
});

describe('untrusted output never acts as a workflow command', () => {
  it('deploy: a hostile build log cannot annotate, mask or switch off the commands that follow', async () => {
    world = await startWorld();
    world.scalingo.deploymentScenario(APP, { status: 'build-error', logLines: HOSTILE_LOG });
    const result = await world.run();
    expect(result.exitCode).toBe(1);
    expect(injected(result)).toEqual([]);
    expect(result.masks).not.toContain('the-word-deployment');
    // The failure annotation, printed after `##[stop-commands]y`, still reaches the runner.
    expect(
      errors(result)
        .map((a) => a.message)
        .join('\n'),
    ).toMatch(/ended with status 'build-error'/);
    // The lines themselves are still shown.
    expect(result.stdout).toContain('##[warning]INJECTED legacy form');
  });

  it('deploy-production: after a build log with ##[stop-commands], the rollback URL is masked and the failure annotated', async () => {
    production = await startProductionWorld();
    production.scalingo.deploymentScenario(PRODUCTION, { status: 'success', logLines: HOSTILE_LOG });
    const result = await production.run({ 'post-deploy': 'exit 3', backup: 'false' });
    expect(result.exitCode).toBe(1);
    expect(injected(result)).toEqual([]);
    const rollback = production.scalingo.app(PRODUCTION).deployments.at(-1)!;
    expect(rollback.gitRef).toBe(production.sha.v120);
    expect(rollback.sourceUrl).toBeDefined();
    expect(result.masks).toContain(rollback.sourceUrl);
    expect(
      errors(result)
        .map((a) => a.message)
        .join('\n'),
    ).toMatch(/Rolled back/);
  });

  it('post-deploy: one-off output and the echo of the commands stay inert', async () => {
    sandbox = await startSandbox({ oneOffTty: true });
    sandbox.createApp('shop-staging');
    const result = await runAction('post-deploy', {
      inputs: {
        app: 'shop-staging',
        'api-token': sandbox.apiToken,
        'api-url': sandbox.apiUrl,
        'auth-url': sandbox.authUrl,
        'db-api-url': sandbox.dbApiUrl,
        commands: [
          "printf 'Downloading 50%%\\r::warning::INJECTED cr\\n'; printf '\\302\\205::warning::INJECTED nel\\n'",
          "echo '##[warning]INJECTED by the echo of the command'",
          "echo 'x ##[stop-commands]y'; exit 3",
        ].join('\n'),
      },
    });
    expect(result.exitCode).toBe(1);
    expect(injected(result)).toEqual([]);
    expect(
      errors(result)
        .map((a) => a.message)
        .join('\n'),
    ).toMatch(/exited with code 3/);
  });
});

describe('summaries quote untrusted text inside fences, within the runner limit', () => {
  it('deploy-production: a build log cannot close the summary fence or render as markdown', async () => {
    production = await startProductionWorld();
    production.scalingo.deploymentScenario(PRODUCTION, {
      status: 'build-error',
      logLines: [
        '```',
        '</details>',
        '# HOSTILE heading',
        '<img src=x onerror=alert(1)> HOSTILE',
        '`````',
        'HOSTILE end',
      ],
    });
    const result = await production.run({ backup: 'false' });
    expect(result.exitCode).toBe(1);
    expect(result.summary).toContain('HOSTILE heading');
    expect(renderedOutsideFences(result.summary, 'HOSTILE')).toEqual([]);
  });

  it('deploy: a 1.5 MB build log line is cut in the summary and the annotation, kept whole in the log', async () => {
    world = await startWorld();
    const long = `${'x'.repeat(1_500_000)}END-OF-LONG-LINE`;
    world.scalingo.deploymentScenario(APP, { status: 'build-error', logLines: ['start', long, 'done'] });
    const result = await world.run();
    expect(result.exitCode).toBe(1);
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024);
    expect(result.summary).toMatch(/characters cut/);
    expect(result.summary).not.toContain('END-OF-LONG-LINE');
    for (const annotation of result.annotations) expect(annotation.message.length).toBeLessThan(64 * 1024);
    expect(result.stdout).toContain(long);
  });
});
