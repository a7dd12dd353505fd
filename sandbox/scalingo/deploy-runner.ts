// Drives one deployment through queued → building → pushing → starting → verdict, writing the
// build log to the deployment (for /output) and to the stream as it goes.
import { join } from 'node:path';
import type { SandboxCore } from './core.ts';
import { containerEnv, fetchArchive, postdeployCommand, runningVariables, unpackRelease } from './release.ts';
import { appLogLine, IN_PROGRESS, now, type AppState, type DeploymentScenario, type DeploymentState } from './state.ts';

const BUILD_PHASE_FAILURES = new Set(['build-error', 'aborted']);

export function launchDeployment(
  core: SandboxCore,
  app: AppState,
  d: DeploymentState,
  scenario: DeploymentScenario | undefined,
  waitFor?: Promise<void>,
): void {
  const phaseMs = scenario?.phaseMs ?? core.options.phaseMs;
  void (waitFor ?? Promise.resolve())
    .then(() => runDeployment(core, app, d, scenario, phaseMs))
    .catch((error: unknown) => {
      if (core.closed) return;
      say(core, app, d, `!     sandbox failure: ${(error as Error).message}`);
      finish(core, app, d, 'build-error');
    });
}

async function runDeployment(
  core: SandboxCore,
  app: AppState,
  d: DeploymentState,
  scenario: DeploymentScenario | undefined,
  phaseMs: number,
): Promise<void> {
  // One build slot per app: a deployment waits in `queued` until the ones before it finish.
  while (app.deployments.slice(0, app.deployments.indexOf(d)).some((o) => IN_PROGRESS.has(o.status))) {
    await core.sleep(20);
    if (core.closed) return;
  }
  await core.sleep(phaseMs);
  if (core.closed) return;
  setStatus(core, app, d, 'building');
  say(core, app, d, ` <-- Start deployment of ${app.name} -->`);
  say(core, app, d, '       Fetching source code');
  let releaseDir: string | undefined;
  if (d.sourceUrl) {
    try {
      releaseDir = await fetchAndUnpack(core, d.sourceUrl);
    } catch (error) {
      say(core, app, d, ` !     ${(error as Error).message}`);
      finish(core, app, d, 'build-error');
      return;
    }
    say(core, app, d, '-----> Source code unpacked');
  }
  for (const line of scenario?.logLines ?? []) say(core, app, d, line);
  if (scenario?.status && BUILD_PHASE_FAILURES.has(scenario.status)) return finish(core, app, d, scenario.status);
  say(core, app, d, '-----> Build complete, shipping your application...');
  await core.sleep(phaseMs);
  if (core.closed) return;
  setStatus(core, app, d, 'pushing');
  say(core, app, d, '-----> Pushing image to the registry');
  await core.sleep(phaseMs);
  if (core.closed) return;
  setStatus(core, app, d, 'starting');
  say(core, app, d, '-----> Starting containers');
  if (scenario?.status && scenario.status !== 'success') {
    // What the crashed web container printed: the app's runtime logs, where an action looks for why.
    for (const line of scenario.runtimeLogLines ?? []) appLogLine(app, 'web-1', line);
    return finish(core, app, d, scenario.status);
  }
  // A review app's first-deploy script replaces the Procfile hook until a deployment succeeds (§16).
  const firstDeploy = app.deployments.some((o) => o.status === 'success') ? null : app.firstDeployScript;
  const hook = releaseDir ? (firstDeploy ?? postdeployCommand(releaseDir)) : null;
  if (releaseDir && hook) {
    say(core, app, d, `-----> Running postdeploy hook: ${hook}`);
    const code = await runHook(core, app, d, releaseDir, hook);
    if (core.closed) return;
    if (code !== 0) {
      say(core, app, d, ` !     postdeploy hook failed with exit code ${code}`);
      return finish(core, app, d, 'hook-error');
    }
  }
  await core.sleep(phaseMs);
  if (core.closed) return;
  app.releaseDir = releaseDir ?? app.releaseDir;
  app.status = 'running';
  app.runningVariables = runningVariables(app);
  say(core, app, d, ` <-- ${core.view.url}/web/${app.name} -->`);
  finish(core, app, d, 'success');
}

async function fetchAndUnpack(core: SandboxCore, sourceUrl: string): Promise<string> {
  const work = core.tempDir('release');
  const downloaded = join(work, 'source.tar.gz');
  const own = await fetchArchive(core, sourceUrl, downloaded);
  return unpackRelease(own ?? downloaded, work);
}

function runHook(core: SandboxCore, app: AppState, d: DeploymentState, cwd: string, command: string): Promise<number> {
  return new Promise((resolve) => {
    const child = core.spawnShell(
      command,
      cwd,
      containerEnv(core, app, { CONTAINER: 'postdeploy-1', CONTAINER_VERSION: d.gitRef ?? '', HOME: cwd }),
    );
    child.stdin?.end();
    let partial = '';
    const onData = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        say(core, app, d, line);
        appLogLine(app, 'postdeploy-1', line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const timer = setTimeout(() => {
      say(core, app, d, ` !     postdeploy hook exceeded ${core.options.hookTimeoutMs} ms, killed`);
      core.killGroup(child);
    }, core.options.hookTimeoutMs);
    child.on('error', () => resolve(127));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (partial) {
        say(core, app, d, partial);
        appLogLine(app, 'postdeploy-1', partial);
      }
      resolve(code ?? -128);
    });
  });
}

function say(core: SandboxCore, app: AppState, d: DeploymentState, line: string): void {
  d.log.push(line);
  core.streams.emit(app.name, { type: 'log', id: d.id, data: { content: line } });
}

function setStatus(core: SandboxCore, app: AppState, d: DeploymentState, status: string): void {
  d.status = status;
  core.streams.emit(app.name, { type: 'status', id: d.id, data: { status } });
}

function finish(core: SandboxCore, app: AppState, d: DeploymentState, status: string): void {
  d.finishedAt = now();
  app.updatedAt = d.finishedAt;
  setStatus(core, app, d, status);
}
