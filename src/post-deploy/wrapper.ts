// The POSIX sh program one shared one-off container runs: the step's commands in order, each in its
// own subshell, framed by start and end markers that carry a nonce the commands cannot know.
import { randomBytes } from 'node:crypto';

/** 128 random bits, as 32 hex digits: new for every container. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** The marker text up to its fields: `[scalingo-actions <nonce> start 2]`, `[… end 2 <exit code>]`. */
export function markerPrefix(nonce: string): string {
  return `[scalingo-actions ${nonce} `;
}

/** One shell word whatever the text: single quotes, each `'` written as `'\''` (POSIX, no expansion inside). */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The wrapper, on one line (the one-off `command` is one string, read by the container's shell).
 * - Each command is `eval`ed from a quoted word inside `( … )`: parsed only when it runs, by the same
 *   shell as a one-off of its own would be, so no quote, `#`, `)` or `exit` in it can reach the
 *   wrapper; `cd`, variables and `set -e` stay in the subshell.
 * - Its stdin is /dev/null: a TTY's end of input is not sticky, so a second command reading stdin
 *   would wait for ever. Its stderr joins stdout, so markers and output arrive in the order written.
 * - The nonce lives in a variable written in two halves and unset in the subshell: a command that
 *   shows the container's command line (`ps`) or reads `$__sa_n` never prints a valid marker.
 * - Stops at the first failure (unless `continueOnError`) and exits with the last command's code,
 *   which Scalingo's /wait then reports too.
 */
export function wrapperScript(
  commands: readonly string[],
  nonce: string,
  options: { continueOnError: boolean },
): string {
  const half = nonce.length / 2;
  const parts = [`__sa_n='${nonce.slice(0, half)}''${nonce.slice(half)}'`, '__sa_c=0'];
  commands.forEach((command, i) => {
    const n = i + 1;
    parts.push(
      `printf '[scalingo-actions %s start %s]\\n' "$__sa_n" ${n}`,
      `(unset __sa_n __sa_c; eval ${shellQuote(command)}) </dev/null 2>&1`,
      '__sa_c=$?',
      `printf '[scalingo-actions %s end %s %s]\\n' "$__sa_n" ${n} "$__sa_c"`,
    );
    if (!options.continueOnError && n < commands.length) parts.push('[ "$__sa_c" -eq 0 ] || exit "$__sa_c"');
  });
  parts.push('exit "$__sa_c"');
  return parts.join('; ');
}
