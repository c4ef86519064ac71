/**
 * Checking never throws, whatever the text: cut, deleted or garbled reference rulesets give
 * diagnostics with real positions (never one borrowed from a token recovery inserted).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../../engine/index.js";

const sources = ["trading-standard", "retail-abc"].map((n) => readFileSync(new URL(`../../rulesets/${n}.rules`, import.meta.url), "utf8"));

/** A reference ruleset with one edit: cut at a point, a slice deleted, or junk inserted. */
const edited = fc.tuple(fc.constantFrom(...sources), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 }), fc.constantFrom("", "->", ":", "(", ")", "|", "||", "@", '"', "when", "\n", "let x =", "1,000", "-"), fc.constantFrom("cut", "delete", "insert"))
  .map(([src, at, len, junk, how]) => {
    const i = Math.floor(at * src.length);
    return how === "cut" ? src.slice(0, i) : how === "delete" ? src.slice(0, i) + src.slice(i + len) : src.slice(0, i) + junk + src.slice(i);
  });

describe("check on damaged rulesets", () => {
  it("never throws and points every diagnostic at a real place in the text", () => {
    fc.assert(
      fc.property(edited, (source) => {
        const { diagnostics } = check(source);
        for (const d of diagnostics) {
          const before = source.slice(0, d.span.start).split("\n");
          expect(before.length).toBe(d.span.line);
          expect(before[before.length - 1].length + 1).toBe(d.span.column);
          // A ruleset opening with a comment has nothing wrong at offset 0.
          if (source.startsWith("//")) expect(d.span.start).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60 },
    );
  });
});
