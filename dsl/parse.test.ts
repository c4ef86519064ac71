import { describe, expect, it } from "vitest";
import { parse } from "./parse.js";

const kinds = (src: string) => parse(src).ast.decls.map((d) => d.kind);

describe("parse", () => {
  it("reads every kind of declaration", () => {
    const src = `ruleset demo "演示"
input a money "甲"
let b = a * 2 when a > 0
scorecard
  indicator b weight 100
    <= 10 -> 100
    otherwise -> 0
grades A, B
grade by score: A >= 50, otherwise B
cap K "x" at B when a > 5
terms by grade
  A: 30 days, limit b
  otherwise: 0 days, limit 0
warning W "w" critical freeze when a > 1
approval by a
  none when a = 0
  level 1 otherwise: manager
output o = if frozen then "x" else "y"
table t hit first
  | a || v |
  | < 1 || 1 |
test "t" given a = 1 expect grade = A
`;
    const r = parse(src);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.name?.text).toBe("demo");
    expect(r.ast.label).toBe("演示");
    expect(kinds(src)).toEqual(["input", "let", "scorecard", "grades", "gradeByScore", "cap", "terms", "warning", "approval", "output", "table", "test"]);
  });

  it("starts a new band row at a line that begins with a comparison", () => {
    const { ast } = parse(`scorecard\n  indicator x weight 100\n    total <= 0 -> 0\n    <= 40% -> 100\n    otherwise -> 50`);
    const sc = ast.decls[0];
    expect(sc.kind === "scorecard" && sc.indicators[0].rows.length).toBe(3);
  });

  it("continues a condition on the next line after and/or", () => {
    const { ast, diagnostics } = parse(`warning W "w" warning notify when a > 0\n  and b > 0\n  or c`);
    expect(diagnostics).toEqual([]);
    const w = ast.decls[0];
    expect(w.kind === "warning" && w.cond.kind === "binary" && w.cond.op).toBe("or");
  });

  it("accepts typographic and ASCII operators alike", () => {
    const a = parse(`let x = a × b ÷ c\nlet y = a ≥ b`);
    const b = parse(`let x = a * b / c\nlet y = a >= b`);
    expect(a.diagnostics).toEqual([]);
    const strip = (v: unknown) => JSON.stringify(v, (k, val) => (k === "span" || k === "opSpan" ? undefined : val));
    expect(strip(a.ast.decls)).toEqual(strip(b.ast.decls));
  });

  it("reports several syntax errors in one run and keeps the declarations around them", () => {
    const r = parse(`input a money\nlet b = a +\nlet c = (a * 2\ninput d money\nwarning W "x" critical freeze when\ninput e bool`);
    expect(r.diagnostics.length).toBeGreaterThanOrEqual(3);
    expect(r.diagnostics.every((d) => d.span.line > 1 || d.span.column > 1)).toBe(true);
    expect(kinds(`input a money\nlet b = a +\ninput d money`)).toContain("input");
  });

  it("keeps amounts with separators, percentages and 万 as written", () => {
    const { ast } = parse(`let a = 3,000,000 + 3_000_000 + 40% + 300万`);
    const texts: string[] = [];
    const walk = (e: any): void => {
      if (e.kind === "number") texts.push(e.text);
      if (e.kind === "binary") {
        walk(e.left);
        walk(e.right);
      }
    };
    const d = ast.decls[0];
    if (d.kind === "let") walk(d.expr);
    expect(texts).toEqual(["3,000,000", "3_000_000", "40%", "300万"]);
  });

  it("parses Unicode names", () => {
    const r = parse(`input 合作月数 int "合作月数"\nlet 新客户 = 合作月数 < 3`);
    expect(r.diagnostics).toEqual([]);
  });
});
