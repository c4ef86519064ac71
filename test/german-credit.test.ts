// The German Credit policy over the real data set: it compiles cleanly, passes its own tests,
// decides every one of the 1000 applicants and separates good from bad applicants by grade.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseArff } from "../data-import/arff.js";
import { compile, runTests } from "../engine/index.js";
import { formatReport, gradeReport } from "../scripts/german-credit-report.js";

const source = readFileSync(new URL("../rulesets/german-credit.rules", import.meta.url), "utf8");
const applicants = parseArff(readFileSync(new URL("./fixtures/german-credit.arff", import.meta.url), "utf8")).rows;

describe("german-credit ruleset", () => {
  const { plan, diagnostics } = compile(source);

  it("compiles without errors or warnings", () => {
    expect(diagnostics).toEqual([]);
  });

  it("passes its own test cases", () => {
    const results = runTests(plan!);
    expect(results.length).toBe(3);
    for (const r of results) expect({ name: r.name, failures: r.failures }).toEqual({ name: r.name, failures: [] });
  });

  const report = gradeReport(plan!, applicants);

  it("decides all 1000 applicants", () => {
    expect(report.errors).toEqual([]);
    expect(report.decided).toBe(1000);
    expect(report.rows.reduce((s, r) => s + r.applicants, 0)).toBe(1000);
  });

  it("separates: the bad rate rises from grade to grade, and A is far below D", () => {
    const rates = report.rows.map((r) => Number(r.badRate));
    expect(report.rows.map((r) => r.grade)).toEqual(["A", "B", "C", "D"]);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThan(rates[i - 1]);
    expect(rates[0] * 5).toBeLessThan(rates[3]);
    expect(report.rows.every((r) => r.applicants >= 100)).toBe(true);
  });

  it("prints the table the README shows", () => {
    expect(formatReport(report, 1000)).toMatchInlineSnapshot(`
      "grade  applicants  share   bad  bad rate
      -----  ----------  -----  ----  --------
      A             271  27.1%    16      5.9%
      B             282  28.2%    55     19.5%
      C             286  28.6%   121     42.3%
      D             161  16.1%   108     67.1%
      all          1000          300     30.0%"
    `);
  });
});
