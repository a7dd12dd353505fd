// Job summaries quote text we do not control (build logs, commands, API messages). These helpers are
// the one way to put such text into markdown: fenced blocks and code spans whose fence outlasts any
// backtick run in the text, table cells that stay on their row, and caps that keep a summary under
// the runner's limit (it drops a step summary over 1 MiB).

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

/** A fenced code block the text cannot close: its fence is longer than any backtick run inside. */
export function codeFence(text: string, info = 'text'): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/** Inline code that survives backticks in the text (CommonMark: a longer delimiter run, padded). */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Inline code in a table cell: GitHub splits cells at `|` even inside code, unless it is escaped. */
export function codeCell(text: string): string {
  return codeSpan(text).replace(/\|/g, '\\|');
}

/** Plain text in a table cell: one row, pipes escaped, no HTML. */
export function tableCell(text: string): string {
  return escapeHtml(text)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/\|/g, '\\|');
}

/** Untrusted prose rendered as text, not as HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const MAX_QUOTED_LINE = 1000;

/** Cuts a line longer than `max` characters, saying how much went (the whole line stays in the log). */
export function capLine(line: string, max = MAX_QUOTED_LINE): string {
  if (line.length <= max) return line;
  return `${line.slice(0, max)} […${(line.length - max).toLocaleString('en-US')} characters cut; the whole line is in the log]`;
}

/** The runner drops a step summary over 1 MiB; we stay clear of it whatever a log holds. */
export const SUMMARY_LIMIT_BYTES = 1_000_000;

/** Cuts markdown to `limit` bytes at a line boundary, with a note; text under the limit is unchanged. */
export function capMarkdown(markdown: string, limit: number): string {
  if (Buffer.byteLength(markdown) <= limit) return markdown;
  const note =
    '\n\n_The rest of this summary was cut to stay under the runner’s 1 MiB limit; the log has everything._\n';
  let text = Buffer.from(markdown)
    .subarray(0, Math.max(0, limit - Buffer.byteLength(note)))
    .toString('utf8');
  // A partial last character decodes as U+FFFD; a partial last line is dropped.
  text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  return `${text}${note}`;
}
