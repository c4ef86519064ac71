// Every case of json-rules-engine's own examples and tests (test/conformance/README.md), imported
// into a ruleset and evaluated by our engine, gives exactly the events and failure events that
// json-rules-engine 7.3.1 gave.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, evaluate, isErrorRecord } from "../engine/index.js";
import { importJsonRulesEngine } from "../interop/json-rules-engine/import.js";
import { formatNum, parseDecimal } from "../engine/numeric.js";

interface Case {
  name: string;
  rules: unknown[];
  sharedConditions?: Record<string, unknown>;
  runs: Array<{ facts: Record<string, unknown>; expected: { events: unknown[]; failureEvents: unknown[] } }>;
}

const file = JSON.parse(readFileSync(new URL("./conformance/json-rules-engine-cases.json", import.meta.url), "utf8")) as { cases: Case[] };

/** Our records give decimals as text; json-rules-engine as JSON numbers. */
function decimalsAsText(v: unknown): unknown {
  if (typeof v === "number") return formatNum(parseDecimal(String(v))!);
  if (Array.isArray(v)) return v.map(decimalsAsText);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decimalsAsText(x)]));
  return v;
}

describe("json-rules-engine conformance", () => {
  it("has the 15 shared cases", () => {
    expect(file.cases.length).toBe(15);
  });

  for (const c of file.cases) {
    describe(c.name, () => {
      const imported = importJsonRulesEngine({ rules: c.rules, sharedConditions: c.sharedConditions });
      it("imports without problems and compiles cleanly", () => {
        expect(imported.issues).toEqual([]);
        const { diagnostics } = compile(imported.source!);
        expect(diagnostics).toEqual([]);
      });
      c.runs.forEach((run, i) => {
        it(`run ${i + 1}: ${JSON.stringify(run.facts)}`, () => {
          const { plan } = compile(imported.source!);
          const record = evaluate(plan!, run.facts);
          if (isErrorRecord(record)) throw new Error(record.error.message);
          expect({ events: record.events, failureEvents: record.failureEvents }).toEqual(decimalsAsText(run.expected));
        });
      });
    });
  }
});
