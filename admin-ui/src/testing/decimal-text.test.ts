import { describe, expect, it } from "vitest";
import { abbreviateDecimal } from "./decimal-text.js";

describe("abbreviateDecimal", () => {
  it("cuts long fractions without rounding and leaves short values alone", () => {
    expect(abbreviateDecimal("0.58999999998794799453342484860588152")).toBe("0.589999…");
    expect(abbreviateDecimal("-1.99999999")).toBe("-1.999999…");
    expect(abbreviateDecimal("540000")).toBe("540000");
    expect(abbreviateDecimal("0.5")).toBe("0.5");
    expect(abbreviateDecimal("true")).toBe("true");
  });
});
