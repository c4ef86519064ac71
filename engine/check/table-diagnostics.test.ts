// What a policy owner sees for mistakes in decision tables: one clear diagnostic at the place.
import { describe, expect, it } from "vitest";
import { check } from "../index.js";

function problems(source: string) {
  return check(source).diagnostics.map((d) => ({ code: d.code, line: d.span.line, message: d.message }));
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
});
