// Text from the app (build log, one-off output) is untrusted in the job log: a line such as
// `::add-mask::…`, `::error::…` or `::stop-commands::…` printed by a build or a migration must show
// as is, never act as a workflow command. Our own messages never start with `::` either, so the
// actions logger fences every line it prints (src/shared/actions-runtime.ts).
import { randomUUID } from 'node:crypto';

/**
 * Wraps a raw line printer (the runner's info in an action) so that each line that the runner would read as
 * a workflow command is fenced by `::stop-commands::<token>` … `::<token>::`. The token is random per
 * printer, so the output cannot guess it and end the fence early. Other lines pass untouched.
 */
export function fenceWorkflowCommands(
  print: (line: string) => void,
  token: string = randomUUID(),
): (line: string) => void {
  return (line) => {
    // The runner trims a line before looking for `::`.
    if (!/^\s*::/.test(line)) return print(line);
    print(`::stop-commands::${token}`);
    print(line);
    print(`::${token}::`);
  };
}
