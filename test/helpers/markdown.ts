// How a job summary would render, as far as the tests need it: which lines sit inside a fenced
// code block (CommonMark: a fence of N backticks is closed by a line of at least N backticks).

/** The indexes of the summary lines that are inside a fenced code block (fence lines excluded). */
export function fencedLines(markdown: string): Set<number> {
  const inside = new Set<number>();
  let open: number | undefined;
  markdown.split('\n').forEach((line, index) => {
    const fence = /^ {0,3}(`{3,})(.*)$/.exec(line);
    if (open === undefined) {
      if (fence && !fence[2]!.includes('`')) open = fence[1]!.length;
      return;
    }
    if (fence && fence[1]!.length >= open && fence[2]!.trim() === '') {
      open = undefined;
      return;
    }
    inside.add(index);
  });
  return inside;
}

/** Lines of the summary holding `needle` that would render as markdown (outside every fence). */
export function renderedOutsideFences(markdown: string, needle: string): string[] {
  const inside = fencedLines(markdown);
  return markdown.split('\n').filter((line, index) => line.includes(needle) && !inside.has(index));
}
