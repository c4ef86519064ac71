// What a policy owner sees for mistakes in decision tables: one clear diagnostic at the place.
import { describe, expect, it } from "vitest";
import { check } from "../index.js";

// Gaps and unused rows have their own analysis and tests (test/diagnostics/); these cases are about the rest.
function problems(source: string) {
  return check(source)
    .diagnostics.filter((d) => d.code !== "table-gap" && d.code !== "unreachable-row")
    .map((d) => ({ code: d.code, line: d.span.line, message: d.message }));
}

const head = `ruleset t
input age number
input risk one of ("High", "Medium", "Low")
`;

describe("decision-table diagnostics", () => {
  it("a keyword as an output column name is a syntax error, not a crash", () => {
    const found = problems(`${head}table t1 hit first
  | age || days |
  | > 1 || 5    |
output o = t1
`);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual([{ code: "syntax", line: 5, message: `expected a name but found "days", a word of the language that cannot be a name: choose another name` }]);
  });

  it("a row with the wrong number of cells names the table's columns", () => {
    expect(problems(`${head}table t1 hit unique
  | age | risk || v |
  | > 1 || 5 |
  | > 1 | "High" | "x" || 5 |
  | > 1 | "Low" || 5 | 6 |
output o = t1
`)).toEqual([
      { code: "table-shape", line: 6, message: "this row has 1 input cell but the table has 2 input columns (age | risk)" },
      { code: "table-shape", line: 7, message: "this row has 3 input cells but the table has 2 input columns (age | risk)" },
      { code: "table-shape", line: 8, message: "this row has 2 output cells but the table has 1 output column (v)" },
    ]);
  });

  it("an output column mixing numbers and text", () => {
    expect(problems(`${head}table t1 hit first
  | age || v |
  | > 1 || 5 |
  | -   || "five" |
output o = t1
`)).toEqual([{ code: "type-mismatch", line: 7, message: "column v mixes a number and text" }]);
  });

  it("priority and output order without a value order", () => {
    for (const hit of ["priority", "output order"]) {
      const found = problems(`${head}table t1 hit ${hit}
  | age || v |
  | > 1 || "a" |
output o = t1
`);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ code: "missing-output-order", line: 4 });
      expect(found[0].message).toContain(`hit policy ${hit} needs the output values in priority order`);
    }
  });

  it("an output value missing from the column's value order", () => {
    expect(problems(`${head}table t1 hit priority
  | age || v in ("a", "b") | w in (1, 2) |
  | > 1 || "c"             | 2           |
  | -   || "a"             | 3           |
  | -   || "b"             | 100%        |
output o = t1
`)).toEqual([
      { code: "unknown-output-value", line: 6, message: '"c" is not one of the values of column v ("a", "b"); hit policy priority cannot rank it' },
      { code: "unknown-output-value", line: 7, message: "3 is not one of the values of column w (1, 2); hit policy priority cannot rank it" },
    ]);
  });

  it("a cell testing an enumeration with a misspelt value, or with a number", () => {
    expect(problems(`${head}table t1 hit first
  | risk  || v |
  | "Hgh" || 1 |
  | < 3   || 1 |
output o = t1
`)).toEqual([
      { code: "unknown-value", line: 6, message: '"Hgh" is not one of "High", "Medium", "Low"; did you mean "High"?' },
      { code: "type-mismatch", line: 7, message: 'cannot compare one of ("High", "Medium", "Low") with a number' },
    ]);
  });

  it("aggregations need one numeric output column", () => {
    expect(problems(`${head}table t1 hit collect sum
  | age || v | w |
  | > 1 || 1 | 2 |
table t2 hit collect max
  | age || v |
  | > 1 || "x" |
output o = t1
output p = t2
`)).toEqual([
      { code: "table-shape", line: 4, message: "collect sum needs exactly one output column" },
      { code: "type-mismatch", line: 7, message: "collect max needs numbers, not text" },
    ]);
  });
});
