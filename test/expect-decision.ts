/** Compares a decision record with an expected one: every field the expectation has, decimals as decimals. */
import { Decimal } from "../engine/numeric.js";

const decimalText = /^-?\d+(\.\d+)?$/;

export function decisionDifferences(actual: unknown, expected: unknown, path = ""): string[] {
  if (expected !== null && typeof expected === "object") {
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual)) return [`${path}: expected a list, got ${JSON.stringify(actual)}`];
      if (actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual)}`];
      return expected.flatMap((e, i) => decisionDifferences(actual[i], e, `${path}[${i}]`));
    }
    if (actual === null || typeof actual !== "object") return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) => decisionDifferences((actual as Record<string, unknown>)[k], v, path ? `${path}.${k}` : k));
  }
  if (typeof expected === "string" && typeof actual === "string" && decimalText.test(expected) && decimalText.test(actual)) {
    return new Decimal(expected).eq(new Decimal(actual)) ? [] : [`${path}: expected ${expected}, got ${actual}`];
  }
  return actual === expected ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
