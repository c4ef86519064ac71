import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, evaluate, isErrorRecord } from "../engine/index.js";
import { parseJsonExact, salvageCustomerId } from "./json-line.js";

const numberText = (v: unknown) => (v && typeof v === "object" && "isLosslessNumber" in v ? (v as unknown as { value: string }).value : v);

describe("parseJsonExact", () => {
  it("keeps every digit of long numbers and exponents", () => {
    const v = parseJsonExact('{"a": 12345678901234567890.12, "b": 1.5e2, "c": 0.0000001, "d": 0.97, "e": 9007199254740993}') as Record<string, unknown>;
    expect(numberText(v.a)).toBe("12345678901234567890.12");
    expect(numberText(v.b)).toBe("150");
    expect(numberText(v.c)).toBe("0.0000001");
    expect(numberText(v.e)).toBe("9007199254740993");
  });

  it("keeps a number with a huge exponent as written, for the engine to refuse", () => {
    const v = parseJsonExact('{"customer_id": "C1", "total_assets": 708.9196e42926582}') as Record<string, unknown>;
    expect(numberText(v.total_assets)).toBe("708.9196e42926582");
    const { plan } = compile("ruleset r\ninput total_assets money\noutput x = total_assets");
    const r = evaluate(plan!, v);
    expect(isErrorRecord(r) && r.error).toMatchObject({ code: "INVALID_NUMBER", field: "total_assets", message: 'customer C1: field total_assets must be a number with an exponent between -1000 and 1000, got "708.9196e42926582"' });
  });

  it("gives plain values for ordinary lines", () => {
    expect(parseJsonExact('{"a": 1, "b": "x", "c": [true, null], "d": 0.5}')).toEqual({ a: 1, b: "x", c: [true, null], d: 0.5 });
  });

  it("throws on a line that is not JSON", () => {
    expect(() => parseJsonExact('{"a": 1,')).toThrow();
    expect(() => parseJsonExact('{"a": 12345678901234567890,')).toThrow();
  });

  it("reads the customer id of a broken line", () => {
    expect(salvageCustomerId('{"customer_id": "C0042", "x": ')).toBe("C0042");
    expect(salvageCustomerId("garbage")).toBeNull();
  });

  it("decides a JSON number money amount exactly as its decimal string", () => {
    const { plan } = compile('input amount money\nlet double = amount * 2\noutput twice = double\n');
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const text = `${whole}.${String(cents).padStart(2, "0")}`;
        const fromNumber = evaluate(plan!, parseJsonExact(`{"customer_id": "X", "amount": ${text}}`));
        const fromString = evaluate(plan!, parseJsonExact(`{"customer_id": "X", "amount": "${text}"}`));
        expect(isErrorRecord(fromNumber)).toBe(false);
        expect(fromNumber).toEqual(fromString);
      }),
      { numRuns: 200 },
    );
  });
});
