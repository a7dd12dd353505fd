// Reads an action's stdout the way the GitHub runner does (actions/runner: ProcessInvoker reads lines
// with StreamReader.ReadLine, OutputManager hands any line holding `::` or `##[` to
// ActionCommandManager, which tries ActionCommand.TryParseV2 then the legacy TryParse), so tests see
// exactly which lines would act as workflow commands, and which masks the runner would apply.

/** The commands the runner knows (ActionCommandManager and its extensions), compared ignoring case. */
const REGISTERED = [
  'add-mask',
  'add-path',
  'set-env',
  'set-output',
  'save-state',
  'add-matcher',
  'remove-matcher',
  'debug',
  'echo',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'stop-commands',
  'internal-set-repo-path',
];

/** What .NET's String.TrimStart() removes: Char.IsWhiteSpace (JS `\s` lacks U+0085 and has U+FEFF). */
const DOTNET_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

export interface RunnerCommand {
  name: string;
  properties: Record<string, string>;
  data: string;
  /** The stdout line it came from. */
  line: string;
  form: 'v2' | 'legacy';
}

/** StreamReader.ReadLine: a line ends at `\n`, at `\r`, or at `\r\n`. */
export function runnerLines(stdout: string): string[] {
  const lines = stdout.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function unescape(text: string, map: [string, string][]): string {
  let out = text;
  for (const [escaped, plain] of map) out = out.split(escaped).join(plain);
  return out;
}
const DATA: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];
const PROPERTY: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];
const LEGACY: [string, string][] = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%'],
];

function parseV2(line: string, registered: Set<string>): RunnerCommand | undefined {
  const message = line.replace(DOTNET_WHITESPACE, '');
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')
      .filter(Boolean)) {
      const at = pair.indexOf('=');
      if (at > 0 && at < pair.length - 1) properties[pair.slice(0, at)] = unescape(pair.slice(at + 1), PROPERTY);
    }
  }
  return { name, properties, data: unescape(message.slice(end + 2), DATA), line, form: 'v2' };
}

function parseLegacy(line: string, registered: Set<string>): RunnerCommand | undefined {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const bracket = line.indexOf(']', prefix);
  if (bracket < 0) return undefined;
  const info = line.slice(prefix + 3, bracket);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .split(';')
      .filter(Boolean)) {
      const at = pair.indexOf('=');
      if (at > 0 && at < pair.length - 1) properties[pair.slice(0, at)] = unescape(pair.slice(at + 1), LEGACY);
    }
  }
  return { name, properties, data: unescape(line.slice(bracket + 1), LEGACY), line, form: 'legacy' };
}

/** Every command the runner would carry out, in order, honouring `stop-commands` and its resume token. */
export function runnerCommands(stdout: string): RunnerCommand[] {
  const registered = new Set(REGISTERED);
  const acted: RunnerCommand[] = [];
  let stopToken: string | undefined;
  for (const line of runnerLines(stdout)) {
    if (!line.includes('::') && !line.includes('##[')) continue;
    const command = parseV2(line, registered) ?? parseLegacy(line, registered);
    if (!command) continue;
    const name = command.name.toLowerCase();
    if (stopToken !== undefined) {
      if (name === stopToken.toLowerCase()) {
        registered.delete(stopToken.toLowerCase());
        stopToken = undefined;
      }
      continue;
    }
    if (name === 'stop-commands') {
      stopToken = command.data;
      registered.add(stopToken.toLowerCase());
      continue;
    }
    acted.push(command);
  }
  return acted;
}
