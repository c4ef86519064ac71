import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteBuffer } from "./byte-buffer.js";
import { putNum } from "./num-bytes.js";
import * as N from "./numeric.js";

const latin1 = new TextDecoder("latin1");

/** putNum's bytes after some text already in the buffer, as text. */
function written(a: N.Num): string {
  const out = new ByteBuffer(64);
  out.buf[0] = 0x7c;
  out.length = 1;
  putNum(out, a);
  return latin1.decode(out.bytes().subarray(1));
}

const safe = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const positive = fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }));

describe("putNum writes formatNum's text as bytes", () => {
  it("whole numbers", () => {
    for (const x of [0, 1, 9, 10, 99, 100, 9999, 10000, -1, -10, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) expect(written(x)).toBe(N.formatNum(x));
    fc.assert(
      fc.property(safe, (x) => {
        expect(written(x)).toBe(N.formatNum(x));
      }),
    );
  });

  it("quotients of safe integers: exact, rounded to 34 digits, carries, tiny and huge", () => {
    const cases: Array<[number, number]> = [
      [1, 3], [2, 3], [-2, 3], [1, 7], [22, 7], [1, 8], [5, 4], [1, 1024], [10, 1],
      [999999999999, 1000000000000], [1, 999999999999], [199999, 200000], [1, 3 * 2 ** 40],
      [Number.MAX_SAFE_INTEGER, 3], [Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER], [1, Number.MAX_SAFE_INTEGER],
      [6400000000000008, 8000000000000000], [7, 2 ** 52], [2 ** 52 - 1, 10],
    ];
    for (const [n, d] of cases) expect(written(new N.Ratio(n, d))).toBe(N.formatNum(new N.Ratio(n, d)));
    fc.assert(
      fc.property(safe, positive, (n, d) => {
        const r = new N.Ratio(n, d);
        expect(written(r)).toBe(N.formatNum(r));
      }),
      { numRuns: 5000 },
    );
  });

  it("decimals", () => {
    for (const t of ["0.80000000000000000001", "123456789012345678901234567890.5", "-1e-30", "1e40", "0.1234567890123456789012345678901234567"]) {
      const d = new N.Decimal(t);
      expect(written(d)).toBe(N.formatNum(d));
    }
  });
});
