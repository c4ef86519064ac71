/**
 * Compares a decision record with a stored test case's expectation: a partial decision
 * record where only the fields given are checked, and decimals compare as decimals
 * ("9" equals "9.0").
 */
import { Decimal } from "decimal.js";

export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;

function asDecimal(value: unknown): Decimal | null {
  if (typeof value === "number" && Number.isFinite(value)) return new Decimal(value);
  if (typeof value === "string" && DECIMAL.test(value)) return new Decimal(value);
  return null;
}

export function compareExpected(expected: unknown, actual: unknown, path = ""): Mismatch[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual }];
    return expected.flatMap((item, i) => compareExpected(item, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([key, value]) =>
      compareExpected(value, (actual as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
    );
  }
  const a = asDecimal(expected);
  const b = asDecimal(actual);
  if (a && b) return a.equals(b) ? [] : [{ path, expected, actual }];
  return expected === actual ? [] : [{ path, expected, actual }];
}
