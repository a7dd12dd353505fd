// The GitHub runner's side of an action: inputs from INPUT_* variables, outputs and the job
// summary through the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and `::command::` lines on stdout.
//
// Why not @actions/core: it loads its OIDC HTTP client (undici) at import time, which costs about
// 65 ms of every action's cold start (104 ms for a bundle of @actions/core alone against 39 ms for
// an empty Node 24, measured on a 2-core development machine) and half of each bundle's size, for a
// feature we never use. What we need of it is the documented file-command protocol below.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/** The runner's rules for inputs: `INPUT_` + the name upper-cased, spaces as underscores; trimmed. */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`);
}

export function setOutput(name: string, value: string | number | boolean): void {
  const text = String(value);
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    // Without the file (a very old runner, or a local run) the value is still visible in the log.
    process.stdout.write(`${EOL}::set-output name=${name}::${escapeData(text)}${EOL}`);
    return;
  }
  // A random delimiter that the value cannot contain ends the multi-line value unambiguously.
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (text.includes(delimiter) || name.includes(delimiter))
    throw new Error(`Output ${name} contains its own delimiter`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** Appends markdown to the job summary; a no-op outside a runner (no GITHUB_STEP_SUMMARY). */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file && markdown) appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}${EOL}`, 'utf8');
}

export function setSecret(secret: string): void {
  if (secret) command('add-mask', secret);
}

export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`);
}

export function debug(message: string): void {
  command('debug', message);
}

export function warning(message: string): void {
  command('warning', message);
}

export function error(message: string): void {
  command('error', message);
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  process.stdout.write(`::group::${escapeData(name)}${EOL}`);
  try {
    return await fn();
  } finally {
    process.stdout.write(`::endgroup::${EOL}`);
  }
}

/** Fails the step: an error annotation, and exit code 1 once the event loop is done. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}
