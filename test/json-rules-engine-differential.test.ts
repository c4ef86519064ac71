// Both reference rulesets, exported to json-rules-engine and run by json-rules-engine itself with
// the facts of the generated module, give the same warnings, caps, rule grades and approval routes
// as our engine, for the 57 sample customers and a seeded portfolio of 2,000.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Engine, type RuleProperties } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compile, evaluate, isErrorRecord, type DecisionRecord } from "../engine/index.js";
import { approvalFromEvents, exportJsonRulesEngine } from "../interop/json-rules-engine/export.js";
import { generatePortfolio } from "../portfolio/generate.js";
import { sampleCustomers } from "./sample-customers.js";

type FactsModule = { facts: (customer: unknown, supplied: Record<string, unknown>) => Record<string, unknown> };
type Event = { type: string; params?: Record<string, unknown> };

const customers = [...sampleCustomers(), ...generatePortfolio(2000, { profile: "redrawn", seed: 20240611, samples: sampleCustomers() })];

for (const name of ["trading-standard", "retail-abc"]) {
  describe(`${name} exported to json-rules-engine`, () => {
    const source = readFileSync(new URL(`../rulesets/${name}.rules`, import.meta.url), "utf8");
    const plan = compile(source).plan!;
    const exported = exportJsonRulesEngine(source);

    it("exports without refusals", () => {
      expect(exported.issues).toEqual([]);
      expect(exported.rules!.length).toBeGreaterThan(5);
    });

    it("decides the same warnings, caps, grades and routes for every customer", async () => {
      const dir = new URL("../test-artifacts/interop/", import.meta.url);
      mkdirSync(dir, { recursive: true });
      const file = new URL(`${name}.facts.mjs`, dir);
      writeFileSync(file, exported.factsModule!);
      const mod = (await import(pathToFileURL(file.pathname).href)) as FactsModule;
      const engine = new Engine(JSON.parse(JSON.stringify(exported.rules)) as RuleProperties[]);
      const capCodes = new Set(plan.caps.map((c) => c.code));
      const hasGradeRules = plan.model.ast.decls.some((d) => d.kind === "gradeByRules");
      let decided = 0;
      const mismatches: string[] = [];
      for (const customer of customers) {
        const record = evaluate(plan, customer);
        if (isErrorRecord(record)) continue;
        decided++;
        const r = record as DecisionRecord;
        const facts = mod.facts(customer, { grade: r.grade, limit: r.limit, term: r.termDays, score: r.score });
        const { events } = (await engine.run(facts)) as unknown as { events: Event[] };
        const theirs = {
          // json-rules-engine emits same-priority events in the order their conditions finish.
          warnings: events.filter((e) => e.type === "warning").map((e) => e.params!.code as string).sort(),
          caps: events.filter((e) => e.type === "cap").map((e) => e.params!.code as string).sort(),
          grade: hasGradeRules ? events.find((e) => e.type === "grade")?.params?.grade : undefined,
          approval: plan.approval ? approvalFromEvents(events) : undefined,
        };
        const ours = {
          warnings: r.warnings.map((w) => w.code).sort(),
          caps: r.gradeReasons.filter((c) => capCodes.has(c)).sort(),
          grade: hasGradeRules ? r.grade : undefined,
          approval: plan.approval ? r.approval : undefined,
        };
        try {
          expect(theirs).toEqual(ours);
        } catch {
          mismatches.push(`${r.customerId}: json-rules-engine ${JSON.stringify(theirs)} vs ours ${JSON.stringify(ours)}`);
        }
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      // Nearly every generated customer is decidable; the comparison is not vacuous.
      expect(decided).toBeGreaterThan(customers.length * 0.9);
    });
  });
}
