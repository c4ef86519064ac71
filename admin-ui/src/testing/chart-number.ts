/**
 * Chart geometry needs numbers: bar lengths in pixels. This is the one place a decimal string
 * becomes a JS number, and only to draw it; every figure the user reads is the exact string.
 */
export function chartNumber(decimal: string | null | undefined): number {
  if (decimal === null || decimal === undefined) return 0;
  const n = Number(decimal);
  return Number.isFinite(n) ? n : 0;
}
