/**
 * Golden diagnostics: every broken ruleset in test/diagnostics/ and the exact diagnostics the
 * checker gives for it (message, line:column, source line and caret). A policy owner reads
 * these, so a change of wording is a reviewed change of the golden file.
 * Regenerate after a deliberate change: UPDATE_GOLDEN=1 npx vitest run test/diagnostics.test.ts
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, renderDiagnostic } from "../engine/index.js";

const dir = join(import.meta.dirname, "diagnostics");
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".rules"))
  .sort();
const update = process.env.UPDATE_GOLDEN === "1";

function render(file: string, source: string): string {
  const diagnostics = check(source).diagnostics;
  if (diagnostics.length === 0) return "(no diagnostics)\n";
  return `${diagnostics.map((d) => renderDiagnostic(d, source, file)).join("\n\n")}\n`;
}

/** Every code the parser and checker can report: each must be shown by some case. */
const ALL_CODES = [
  "unexpected-character", "syntax", "unknown-type", "unknown-rounding", "unknown-hit-policy",
  "duplicate-name", "duplicate-code", "duplicate-grade", "reserved-name", "cycle", "no-scorecard",
  "type-mismatch", "unit-mismatch", "not-a-condition", "unknown-name", "unknown-function", "wrong-arguments",
  "unknown-value", "unknown-severity", "unknown-input", "unknown-grade", "signed-not-numeric", "table-shape",
  "missing-output-order", "weight-not-constant", "negative-weight", "weights-sum",
  "grade-order", "unused-input", "band-gap", "unreachable-row", "table-overlap", "table-gap", "approval-gap",
  "unreachable-route", "unguarded-division", "unguarded-use",
];

describe("diagnostics corpus", () => {
  it("has at least 45 broken rulesets", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  for (const file of cases) {
    it(file, () => {
      const source = readFileSync(join(dir, file), "utf8");
      const golden = join(dir, file.replace(/\.rules$/, ".expected"));
      const actual = render(file, source);
      if (update || !existsSync(golden)) writeFileSync(golden, actual);
      expect(actual).toBe(readFileSync(golden, "utf8"));
    });
  }

  it("reports every diagnostic at the position its line and column name", () => {
    for (const file of cases) {
      const source = readFileSync(join(dir, file), "utf8");
      const diagnostics = check(source).diagnostics;
      expect(diagnostics.length, `${file} is broken and must give diagnostics`).toBeGreaterThan(0);
      for (const d of diagnostics) {
        const before = source.slice(0, d.span.start).split("\n");
        const where = `${file}:${d.span.line}:${d.span.column} ${d.code}`;
        expect(before.length, where).toBe(d.span.line);
        expect(before[before.length - 1].length + 1, where).toBe(d.span.column);
        expect(d.span.end, where).toBeGreaterThanOrEqual(d.span.start);
        expect(d.message.length, where).toBeGreaterThan(10);
      }
    }
  });

  it("shows every diagnostic code in some case", () => {
    const seen = new Set(cases.flatMap((f) => check(readFileSync(join(dir, f), "utf8")).diagnostics.map((d) => d.code)));
    expect(ALL_CODES.filter((c) => !seen.has(c))).toEqual([]);
    expect([...seen].filter((c) => !ALL_CODES.includes(c))).toEqual([]);
  });
});
