import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSource } from "./format.js";
import { parse } from "./parse.js";

const reference = ["trading-standard", "retail-abc"].map((n) => readFileSync(new URL(`../rulesets/${n}.rules`, import.meta.url), "utf8"));

/** The syntax tree without positions: what a ruleset means, not where its text sits. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!/span$/i.test(k) && k !== "comments") out[k] = shape(v);
    return out;
  }
  return value;
}

const meaning = (source: string) => shape(parse(source).ast);
const comments = (source: string) => parse(source).ast.comments.map((c) => c.text.trim()).sort();

function fmt(source: string): string {
  const r = formatSource(source);
  if (r.text === null) throw new Error(`not formatted: ${r.diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.message}`).join("; ")}`);
  return r.text;
}

/** The same ruleset with different spacing, indentation, blank lines and extra end-of-line comments. */
function relayout(source: string, seed: number[], extras: boolean): string {
  const { tokens, ast } = parse(source);
  const pieces = [...tokens.map((t) => ({ start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 })), ...ast.comments.map((c) => ({ start: c.span.start, end: c.span.end }))].sort((a, b) => a.start - b.start);
  let k = 0;
  const next = (n: number) => seed[k++ % seed.length] % n;
  let out = "";
  let at = 0;
  for (const p of pieces) {
    const gap = source.slice(at, p.start);
    if (at > 0 && gap.includes("\n")) {
      const comment = extras && next(5) === 0 && !/\/\/|#/.test(out.slice(out.lastIndexOf("\n"))) ? ` // note ${k}` : "";
      const newlines = extras ? 1 + next(3) : gap.split("\n").length - 1;
      out += `${comment}${"\n".repeat(newlines)}${" ".repeat(next(7))}`;
    } else if (at > 0) out += gap.length === 0 ? "" : " ".repeat(1 + next(3));
    out += source.slice(p.start, p.end);
    at = p.end;
  }
  return `${out}\n`;
}

describe("formatSource", () => {
  it.each(reference.map((s, i) => [i, s] as const))("keeps reference ruleset %i's meaning and comments, and is a fixed point", (_i, source) => {
    const once = fmt(source);
    expect(meaning(once)).toEqual(meaning(source));
    expect(comments(once)).toEqual(comments(source));
    expect(fmt(once)).toBe(once);
  });

  it("lays out any spacing of the reference rulesets the same way (property)", () => {
    const canonical = reference.map(fmt);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.array(fc.nat(1000), { minLength: 5, maxLength: 40 }), fc.boolean(), (i, seed, extras) => {
        // With extras: blank lines and comments added, which the layout keeps; without, only spacing changes.
        const messy = relayout(reference[i], seed, extras);
        const once = fmt(messy);
        expect(meaning(once)).toEqual(meaning(reference[i]));
        expect(comments(once)).toEqual(comments(messy));
        expect(fmt(once)).toBe(once);
        if (!extras) expect(once).toBe(canonical[i]);
      }),
      { numRuns: 40 },
    );
  });

  const leaf = fc.oneof(fc.constantFrom("a", "b", "c", "grade", "limit"), fc.constantFrom("0", "1.5", "40%", "3,000", "2 days", '"x"', "true"));
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.tuple(tie("expr"), fc.constantFrom("+", "-", "*", "/", "×", "and", "or", "<", ">=", "≠", "="), tie("expr")).map(([l, op, r]) => `(${l} ${op} ${r})`),
      tie("expr").map((e) => `(not ${e})`),
      tie("expr").map((e) => `(-${e})`),
      fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, t, e]) => `(if ${c} then ${t} else ${e})`),
      fc.array(tie("expr"), { maxLength: 3 }).map((args) => `min(${args.join(", ")})`),
      fc.array(tie("expr"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
    ),
  }));

  it("prints any expression with just the parentheses its meaning needs (property)", () => {
    fc.assert(
      fc.property(expr, expr, (e, guard) => {
        const source = `input a money\nlet x = ${e} when ${guard}\noutput y = ${e}\n`;
        const once = fmt(source);
        expect(meaning(once)).toEqual(meaning(source));
        expect(fmt(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it("aligns input columns and table pipes, counting CJK characters as two columns", () => {
    const source = [
      'input a money "甲"',
      "input long_name int = 0",
      "",
      'table t "表" hit first',
      "| a | long_name || out |",
      '| >= 1 | [1..5) || "是" |',
      '| - | not(3, 4) || "no" |',
      "",
    ].join("\n");
    expect(fmt(source)).toBe(
      [
        'input a         money "甲"',
        "input long_name int   = 0",
        "",
        'table t "表" hit first',
        "  | a    | long_name || out  |",
        '  | >= 1 | [1..5)    || "是" |',
        '  | -    | not(3, 4) || "no" |',
        "",
      ].join("\n"),
    );
  });

  it("keeps comments before, after and at the end of rows in place", () => {
    const source = [
      "# header",
      "scorecard",
      "  // about x",
      "  indicator a weight 100 # trailing",
      "      <= 1 -> 100 // low",
      "",
      "",
      "      otherwise -> 0",
      "// the end",
      "",
    ].join("\n");
    expect(fmt(source)).toBe(["# header", "scorecard", "  // about x", "  indicator a weight 100 # trailing", "    <= 1 -> 100 // low", "", "    otherwise -> 0", "// the end", ""].join("\n"));
  });

  it("breaks long conditions and else-if chains onto their own lines", () => {
    const cond = Array.from({ length: 8 }, (_, i) => `value_number_${i} > ${i}`).join(" and ");
    const out = fmt(`warning W "w" warning review when ${cond}\noutput o = if a then "x" else if b then "y" else "z"\n`);
    expect(out).toBe(`warning W "w" warning review\n  when ${cond}\noutput o = if a then "x" else if b then "y" else "z"\n`);
    const broken = fmt(`output o =\n  if a then "x" else if b then "y" else "z"\n`);
    expect(broken).toBe(`output o =\n  if a then "x"\n  else if b then "y"\n  else "z"\n`);
  });

  it("gives null and the syntax errors for a broken ruleset", () => {
    const r = formatSource("ruleset x\nlet = 1\n");
    expect(r.text).toBeNull();
    expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
  });
});
