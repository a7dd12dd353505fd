// Text from the app (build log, one-off output, the commands a user asked for) is untrusted in the
// job log: a line the runner would read as a workflow command must show as is, never act. The rules
// are the runner's own (actions/runner): ProcessInvoker reads lines with StreamReader.ReadLine, so a
// line also ends at a lone `\r`; ActionCommand.TryParseV2 acts on `::name::` after a .NET TrimStart
// (which trims U+0085 and other spaces JavaScript's trim keeps); ActionCommand.TryParse acts on the
// legacy `##[name]` anywhere in a line. Its matching is culture-sensitive, which may skip
// zero-width characters, so those are ignored here too before looking.
import { randomUUID } from 'node:crypto';

/** Lines as the runner splits them: at `\r\n`, `\n` and a lone `\r`. */
export function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

// Default-ignorable code points (format characters, variation selectors, fillers).
const IGNORABLE = /[\p{Cf}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\u{e0100}-\u{e01ef}]/gu;
// .NET Char.IsWhiteSpace, which TrimStart removes: JavaScript's \s plus U+0085 (NEL).
const LEADING_SPACE_THEN_COMMAND = /^[\s\u0085]*::/;

/** Whether the runner could take this line (one line, no line break) as a workflow command. */
export function couldBeWorkflowCommand(line: string): boolean {
  const visible = line.replace(IGNORABLE, '');
  return LEADING_SPACE_THEN_COMMAND.test(visible) || visible.includes('##[');
}

/**
 * Wraps a raw line printer (the runner's info in an action) so that each line the runner could read
 * as a workflow command is fenced by `::stop-commands::<token>` … `::<token>::`. The token is random
 * per printer, so the output cannot guess it and end the fence early. Other lines pass untouched.
 * The printer takes text of any length: it is split into the lines the runner will see.
 */
export function fenceWorkflowCommands(
  print: (line: string) => void,
  token: string = randomUUID(),
): (text: string) => void {
  return (text) => {
    for (const line of runnerLines(text)) {
      if (!couldBeWorkflowCommand(line)) {
        print(line);
        continue;
      }
      print(`::stop-commands::${token}`);
      print(line);
      print(`::${token}::`);
    }
  };
}
