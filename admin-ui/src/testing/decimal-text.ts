/**
 * Exact decimals can have dozens of digits (a ratio such as 0.5899999999879479945334…). Tables
 * show the first few decimal places, cut — never rounded — with "…", and the full value on hover.
 * Works on the text: the value never becomes a JS number.
 */
export function abbreviateDecimal(text: string, places = 6): string {
  const m = /^(-?\d+)\.(\d+)$/.exec(text);
  if (!m || m[2].length <= places) return text;
  return `${m[1]}.${m[2].slice(0, places)}…`;
}
