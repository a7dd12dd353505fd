// The release notes as a chat message carries them: their headings and entries, as teams paste
// them into Mattermost today, cut past a limit with a link to the whole release.

export const MAX_NOTE_ENTRIES = 20;
export const MAX_NOTES_CHARS = 2500;
const MAX_ENTRY_CHARS = 200;

const HEADING = /^#{1,6}\s+(.+?)\s*#*\s*$/;
const ENTRY = /^(\s*)[-*+]\s+(.+)$/;

/** No mention in the notes pings anyone in the chat (GitHub logins may be chat names too). */
function quiet(text: string): string {
  return text
    .replace(/<!--.*?-->/g, '')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b')
    .replace(/<!(channel|here|everyone)>/gi, '&lt;!$1&gt;');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The lines to add to the message; [] when the notes have no heading or entry. */
export function chatNotes(body: string, releaseUrl: string | undefined): string[] {
  const kept: { text: string; entry: boolean }[] = [];
  for (const line of body.split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    if (heading) {
      kept.push({ text: `#### ${cut(quiet(heading[1]!), MAX_ENTRY_CHARS)}`, entry: false });
      continue;
    }
    const entry = ENTRY.exec(line);
    if (entry) {
      const indent = entry[1]!.length > 0 ? '  ' : '';
      kept.push({ text: `${indent}- ${cut(quiet(entry[2]!.trim()), MAX_ENTRY_CHARS)}`, entry: true });
    }
  }
  // A heading with no entry under it (the last one left by a cut, an empty category) says nothing.
  const lines: string[] = [];
  let entries = 0;
  let chars = 0;
  const total = kept.filter((k) => k.entry).length;
  for (const [index, line] of kept.entries()) {
    if (!line.entry && !kept[index + 1]?.entry) continue;
    if (line.entry && (entries >= MAX_NOTE_ENTRIES || chars + line.text.length > MAX_NOTES_CHARS)) break;
    lines.push(line.text);
    chars += line.text.length + 1;
    if (line.entry) entries += 1;
  }
  while (lines.length > 0 && lines.at(-1)!.startsWith('#')) lines.pop();
  if (entries < total) {
    lines.push(`…and ${total - entries} more${releaseUrl ? `: ${releaseUrl}` : ' in the release'}`);
  }
  return lines;
}
