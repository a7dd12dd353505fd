// Runs a built bundle exactly as the GitHub runner does: a node24 child process with INPUT_* and
// GITHUB_* variables, file-command files for outputs and the job summary, and captured stdio.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runnerCommands, runnerLines, type RunnerCommand } from './runner-commands.ts';

export interface RunActionOptions {
  inputs?: Record<string, string | undefined>;
  /** Extra environment (GITHUB_API_URL, GITHUB_REPOSITORY, SCALINGO_* ...). */
  env?: Record<string, string | undefined>;
  /** Written to GITHUB_EVENT_PATH. */
  event?: unknown;
  cwd?: string;
  timeoutMs?: number;
  /** The state a main step saved: given, the bundle runs as the action's `post:` step (STATE_* variables). */
  state?: Record<string, string>;
  /** Called with the child once it runs (to signal it, as the runner does when a job is cancelled). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

export interface ActionResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What the step saved for its `post:` step (GITHUB_STATE). */
  state: Record<string, string>;
  summary: string;
  /** Every line the runner would act on as a workflow command (fenced lines excluded), as printed. */
  commands: string[];
  /** The commands the runner would carry out, parsed as it parses them (stop-commands honoured). */
  acted: RunnerCommand[];
  /** The values the runner would mask (add-mask commands it acts on). */
  masks: string[];
  /** error, warning and notice annotations the runner would make, with their message. */
  annotations: { level: string; message: string; title?: string }[];
  /** Everything the action made visible (stdout without the runner's mask commands, stderr, outputs, summary): check secrets against this. */
  everything: string;
}

const ROOT = resolve(import.meta.dirname, '../..');

export function bundlePath(name: string): string {
  return join(ROOT, 'dist', name, 'index.js');
}

/** The node the runner would use: node24 (our pinned devDependency when vitest runs on it). */
function nodeBinary(): string {
  return process.execPath;
}

function parseFileCommand(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      result[name!] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

export async function runAction(name: string, options: RunActionOptions = {}): Promise<ActionResult> {
  const dir = mkdtempSync(join(tmpdir(), `run-${name}-`));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  const eventFile = join(dir, 'event.json');
  const stateFile = join(dir, 'state');
  writeFileSync(stateFile, '');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(options.event ?? {}));

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A clean runner-like environment: nothing from this test process leaks in as an input.
    if (value !== undefined && !key.startsWith('INPUT_') && !key.startsWith('GITHUB_') && !key.startsWith('SCALINGO_'))
      env[key] = value;
  }
  Object.assign(env, {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: stateFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'deploy',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: options.cwd ?? dir,
  });
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  for (const [key, value] of Object.entries(options.state ?? {})) env[`STATE_${key}`] = value;
  for (const [key, value] of Object.entries(options.inputs ?? {})) {
    if (value !== undefined) env[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
  }

  const child = spawn(nodeBinary(), [bundlePath(name)], {
    env,
    cwd: options.cwd ?? dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const exitCode = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  clearTimeout(timeout);

  const outputsText = readFileSync(outputFile, 'utf8');
  const state = parseFileCommand(readFileSync(stateFile, 'utf8'));
  const summary = readFileSync(summaryFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });

  const acted = runnerCommands(stdout);
  const annotations = acted
    .filter((c) => ['error', 'warning', 'notice'].includes(c.name.toLowerCase()))
    .map((c) => ({
      level: c.name.toLowerCase(),
      message: c.data,
      ...(c.properties.title ? { title: c.properties.title } : {}),
    }));
  const maskLines = new Set(acted.filter((c) => c.name.toLowerCase() === 'add-mask').map((c) => c.line));
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommand(outputsText),
    state,
    commands: acted.map((c) => c.line),
    acted,
    masks: acted.filter((c) => c.name.toLowerCase() === 'add-mask').map((c) => c.data),
    summary,
    annotations,
    // The runner consumes the `add-mask` commands it acts on and never shows them; everything else is visible.
    everything: [
      runnerLines(stdout)
        .filter((line) => !maskLines.has(line))
        .join('\n'),
      stderr,
      outputsText,
      summary,
    ].join('\n'),
  };
}
