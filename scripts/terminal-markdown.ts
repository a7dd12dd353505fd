// Renders the GitHub-flavoured markdown of a job summary readably in a terminal: aligned tables,
// bold headings, quiet HTML. Only what our summaries use, not a general markdown renderer.
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);

function renderTable(rows: string[]): string[] {
  const cells = rows
    .filter((row) => !/^\|\s*:?-{3,}/.test(row))
    .map((row) =>
      row
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, '|')),
    );
  // Key/value tables have an empty header row: nothing to show for it.
  if (cells[0]!.every((c) => c === '')) cells.shift();
  if (cells.length === 0) return [];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r, index) => {
    const line = r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
    return index === 0 && rows[0]!.replace(/[|\s]/g, '') !== '' ? bold(line) : line;
  });
}

export function renderMarkdown(markdown: string): string {
  const out: string[] = [];
  const lines = markdown
    .replace(/<h\d[^>]*>(.*?)<\/h\d>/g, '\n### $1\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('|')) {
      const table: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('|')) table.push(lines[i++]!);
      i--;
      out.push(...renderTable(table).map((l) => `  ${l}`));
    } else if (/^#{1,6} /.test(line)) {
      out.push(bold(line.replace(/^#+ /, '')));
    } else if (line.startsWith('```')) {
      out.push(dim('  ────'));
    } else {
      out.push(`  ${line.replace(/\*\*(.+?)\*\*/g, (_, s: string) => bold(s))}`);
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

export { bold, dim };
