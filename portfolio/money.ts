/**
 * Cents → "12345.67", in integer arithmetic so no float rounding shows up in the text: the
 * data itself must be exact. Fractional cents are rounded first.
 */
export function money(cents: number): string {
  const c = Math.round(cents);
  const sign = c < 0 ? "-" : "";
  const abs = Math.abs(c);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
