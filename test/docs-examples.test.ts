// Every complete example (```rules block) in docs/ compiles without errors, and every
// fragment (```rules-fragment) parses without syntax errors.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../engine/index.js";
import { parse } from "../dsl/parse.js";

const docsDir = new URL("../docs/", import.meta.url);
const blocks: Array<{ file: string; kind: string; code: string; index: number }> = [];
for (const file of readdirSync(docsDir).filter((f) => f.endsWith(".md"))) {
  const text = readFileSync(new URL(file, docsDir), "utf8");
  let index = 0;
  for (const m of text.matchAll(/```(rules|rules-fragment)\n([\s\S]*?)```/g)) blocks.push({ file, kind: m[1], code: m[2], index: index++ });
}

describe("documentation examples", () => {
  it("exist", () => expect(blocks.length).toBeGreaterThan(5));
  it.each(blocks.map((b) => [`${b.file} #${b.index} (${b.kind})`, b] as const))("%s", (_name, b) => {
    if (b.kind === "rules") {
      const errors = compile(b.code).diagnostics.filter((d) => d.severity === "error");
      expect(errors).toEqual([]);
    } else {
      expect(parse(b.code).diagnostics.filter((d) => d.code === "syntax" || d.code === "unexpected-character")).toEqual([]);
    }
  });
});
