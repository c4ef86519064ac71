/** "Did you mean" suggestions for misspelt names. */

function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

/** ` — did you mean "x"?` for the closest candidate within a third of the name's length, else "". */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best: string | null = null;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // One- and two-letter names (grades) are only suggested when they differ in case.
  const allowed = name.length <= 2 ? 0 : Math.max(1, Math.floor(name.length / 3));
  return best !== null && bestDistance <= allowed ? `; did you mean "${best}"?` : "";
}
