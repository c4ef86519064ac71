/**
 * Facts from a data file, by extension: ARFF (`.arff`) or CSV with a header row (`.csv`).
 * Every value is text, to be evaluated with `textual: true` (an empty cell is an absent fact).
 */
import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import { parseArff } from "./arff.js";

export function parseFactsText(text: string, format: "arff" | "csv"): Array<Record<string, string>> {
  if (format === "arff") return parseArff(text).rows;
  return parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Array<Record<string, string>>;
}

export function readFactsFile(path: string): Array<Record<string, string>> {
  const lower = path.toLowerCase();
  const format = lower.endsWith(".arff") ? "arff" : lower.endsWith(".csv") ? "csv" : null;
  if (!format) throw new Error(`${path}: facts files are .arff or .csv`);
  try {
    return parseFactsText(readFileSync(path, "utf8"), format);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
