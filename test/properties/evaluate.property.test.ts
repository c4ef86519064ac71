/**
 * Properties of evaluation over generated customers, for both reference rulesets: valid facts
 * always give a decision record (never an exception, never an error), whatever the edge values;
 * facts with one broken field always give an error record naming that field.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, evaluate, isErrorRecord, type EvaluationRecord } from "../../engine/index.js";
import { atThreshold, breakField, validCustomer } from "./customers.js";

const RUNS = 200;

function decisionOf(record: EvaluationRecord) {
  if (isErrorRecord(record)) throw new Error(`expected a decision, got ${JSON.stringify(record.error)}`);
  return record;
}

for (const name of ["trading-standard", "retail-abc"]) {
  describe(`${name}: generated customers`, () => {
    const { plan } = compile(readFileSync(new URL(`../../rulesets/${name}.rules`, import.meta.url), "utf8"));
    if (!plan) throw new Error(`${name} does not compile`);

    it("decides every valid customer, with and without explanations", () => {
      fc.assert(
        fc.property(validCustomer(plan), fc.boolean(), (customer, explain) => {
          const record = decisionOf(evaluate(plan, customer, { explain }));
          expect(record.customerId).toBe("P-1");
          expect(record.grade).not.toBeNull();
          expect(record.limit).toMatch(/^-?\d+(\.\d+)?$/);
          expect(record.indicators.every((i) => /^-?\d+(\.\d+)?$/.test(i.points))).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });

    it("decides customers whose debt ratio sits exactly on a threshold", () => {
      fc.assert(
        fc.property(validCustomer(plan), fc.constantFrom("0.4", "0.55", "0.6", "0.7", "0.8", "0.85", "1", "0"), (customer, t) => {
          decisionOf(evaluate(plan, atThreshold(customer, t)));
        }),
        { numRuns: RUNS / 3 },
      );
    });

    it("decides every valid customer given as text, as a CSV row would be", () => {
      fc.assert(
        fc.property(validCustomer(plan), (customer) => {
          const row = Object.fromEntries(Object.entries(customer).map(([k, v]) => [k, String(v)]));
          decisionOf(evaluate(plan, row, { textual: true }));
        }),
        { numRuns: RUNS / 3 },
      );
    });

    it("decides customers with every divisor at zero", () => {
      const zeros = Object.fromEntries(plan.inputs.filter((i) => i.type.k === "num").map((i) => [i.name, "0"]));
      fc.assert(
        fc.property(validCustomer(plan), (customer) => {
          decisionOf(evaluate(plan, { ...customer, ...zeros }));
        }),
        { numRuns: RUNS / 3 },
      );
    });

    const breakable = plan.inputs.map((spec) => ({ spec, bad: breakField(spec) })).filter((x) => x.bad !== null);

    it("gives an error record naming the field for a customer with one broken field", () => {
      const broken = fc.integer({ min: 0, max: breakable.length - 1 }).chain((i) => fc.tuple(fc.constant(breakable[i].spec.name), breakable[i].bad!));
      fc.assert(
        fc.property(validCustomer(plan), broken, (customer, [field, value]) => {
          const facts: Record<string, unknown> = { ...customer };
          if (value === undefined) delete facts[field];
          else facts[field] = value;
          const record = evaluate(plan, facts);
          if (!isErrorRecord(record)) throw new Error(`${field} = ${JSON.stringify(value)} was accepted`);
          const errors = [record.error, ...(record.errors ?? [])];
          expect(errors.map((e) => e.field)).toContain(field);
          const mine = errors.find((e) => e.field === field)!;
          expect(mine.message).toContain(field);
          expect(mine.message).toContain("P-1");
        }),
        { numRuns: RUNS },
      );
    });

    it("never throws for facts that are not an object", () => {
      fc.assert(
        fc.property(fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.array(fc.integer())), (facts) => {
          expect(isErrorRecord(evaluate(plan, facts))).toBe(true);
        }),
        { numRuns: 50 },
      );
    });
  });
}
