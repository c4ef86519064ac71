/**
 * Folding of sections: a declaration with indented rows (a scorecard, each indicator, terms,
 * approval, tables, tests) folds its rows, and a comment heading (`// ── Grade ──`) folds
 * everything up to the next heading.
 */
export interface Fold {
  /** 1-based, inclusive. */
  start: number;
  end: number;
  kind: "region" | "block";
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlank = (line: string) => line.trim() === "";
const isHeading = (line: string) => /^\s*(\/\/|#)\s*──/.test(line);

export function foldingRanges(lines: readonly string[]): Fold[] {
  const folds: Fold[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line) || /^\s*(\/\/|#)/.test(line)) continue;
    const indent = indentOf(line);
    let end = i;
    for (let j = i + 1; j < lines.length; j++) {
      if (isBlank(lines[j])) continue;
      if (indentOf(lines[j]) <= indent) break;
      end = j;
    }
    if (end > i) folds.push({ start: i + 1, end: end + 1, kind: "block" });
  }
  const headings = lines.flatMap((line, i) => (isHeading(line) ? [i] : []));
  headings.forEach((h, k) => {
    let end = (k + 1 < headings.length ? headings[k + 1] : lines.length) - 1;
    while (end > h && isBlank(lines[end])) end--;
    if (end > h) folds.push({ start: h + 1, end: end + 1, kind: "region" });
  });
  return folds.sort((a, b) => a.start - b.start || b.end - a.end);
}
