import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatSource } from "./format.js";
import { parse } from "./parse.js";

const reference = (name: string) => readFileSync(new URL(`../rulesets/${name}.rules`, import.meta.url), "utf8");

/** The syntax tree without positions: what a ruleset means. */
function meaning(source: string): string {
  return JSON.stringify(parse(source).ast, (key, value: unknown) => (key === "span" || key === "opSpan" || key === "hitSpan" || key === "modeSpan" || key === "comments" ? undefined : value));
}

describe("formatSource", () => {
  it("leaves the reference rulesets as they are", () => {
    for (const name of ["trading-standard", "retail-abc"]) expect(formatSource(reference(name))).toBe(reference(name));
  });

  it("lays out spacing and indentation canonically", () => {
    const messy = [
      "ruleset demo-set",
      "input a money   \"甲\"",
      "input b   money",
      "let r=min( a,b )*2+-1   // why",
      "",
      "",
      "scorecard",
      "    indicator r weight 100",
      "        <= -5%->0",
      "        otherwise   -> 100",
      "\tgrades A, B",
    ].join("\n");
    expect(formatSource(messy)).toBe(
      ["ruleset demo-set", 'input a money   "甲"', "input b   money", "let r = min(a, b) * 2 + -1   // why", "", "scorecard", "  indicator r weight 100", "    <= -5% -> 0", "    otherwise   -> 100", "  grades A, B", ""].join("\n"),
    );
  });

  it("never joins two tokens into one", () => {
    // `1 ,000` is the number 1 and then a comma: it must not become the number 1,000.
    expect(formatSource("let x = min(a, 1 ,000)\n")).toBe("let x = min(a, 1, 000)\n");
  });

  it("never changes what a ruleset means, and is idempotent", () => {
    // Squeeze the spaces around operators and after commas, outside comments and strings.
    const squeezed = reference("trading-standard")
      .split("\n")
      .map((line) => (/^\s*(\/\/|test|input)/.test(line) ? line : line.replace(/(\S) (->|>=|<=|\+|×) /g, "$1$2").replace(/, (?=[a-z])/g, ",")))
      .join("\n");
    expect(squeezed).not.toBe(reference("trading-standard"));
    const once = formatSource(squeezed);
    expect(meaning(once)).toBe(meaning(reference("trading-standard")));
    expect(formatSource(once)).toBe(once);
  });
});
