// power(x, n): whole exponents, exact where the parts fit, runtime faults for bad exponents.
import { describe, expect, it } from "vitest";
import { check, compile, evaluate, isErrorRecord } from "./index.js";
import * as N from "./numeric.js";

describe("N.power", () => {
  it("is exact for small powers and reciprocals", () => {
    expect(N.formatNum(N.power(N.parseDecimal("1.5")!, 3))).toBe("3.375");
    expect(N.formatNum(N.power(2, -3))).toBe("0.125");
    expect(N.power(7, 0)).toBe(1);
  });

  it("keeps 34 significant digits where exact parts would overflow", () => {
    // 1.5^200 = 3^200 / 2^200 = 165291991078820803015600259355571011.187…
    expect(N.formatNum(N.power(N.parseDecimal("1.5")!, 200))).toBe("165291991078820803015600259355571000");
  });
});

describe("power in a ruleset", () => {
  const source = `ruleset t
input rate ratio
input months int
input amount money
let growth = 1 + rate / 12
output installment = amount * (rate / 12) / (1 - power(growth, -months))
output cube = power(months, 3)
`;
  const { plan, diagnostics } = compile(source);

  it("computes an annuity instalment to 34 significant digits", () => {
    expect(diagnostics).toEqual([]);
    const r = evaluate(plan!, { amount: "350000", rate: "0.0395", months: 360 });
    if (isErrorRecord(r)) throw new Error(r.error.message);
    expect(r.outputs.installment).toBe("1660.88032560863479681900363707311");
    expect(r.outputs.cube).toBe("46656000");
  });

  it("refuses money and days as the base", () => {
    const d = check(`ruleset t
input a money
output o = power(a, 2)
`).diagnostics;
    expect(d.map((x) => [x.code, x.span.line, x.message])).toEqual([["unit-mismatch", 3, "power cannot raise money; use it on plain numbers or ratios"]]);
  });

  it("a fractional or huge exponent is an error record naming the exponent", () => {
    const p = compile(`ruleset t
input n number
output o = power(2, n)
`).plan!;
    const r = evaluate(p, { customer_id: "C1", n: "1.5" });
    expect(isErrorRecord(r) && r.error.message).toContain("customer C1: the exponent n must be a whole number between -10000 and 10000, but it is 1.5");
    const zero = compile(`ruleset t
input n number signed
output o = power(0, n)
`).plan!;
    expect(evaluate(zero, { customer_id: "C2", n: "-2" })).toMatchObject({ error: { code: "RUNTIME_FAULT", message: expect.stringContaining("customer C2: division by zero: 0 raised to the negative power n") } });
    expect(evaluate(zero, { n: "20000" })).toMatchObject({ error: { message: expect.stringContaining("between -10000 and 10000, but it is 20000") } });
  });
});
