/**
 * A number's text (formatNum of engine/numeric.ts) written straight into a ByteBuffer as ASCII:
 * the digits of a quotient go from the long division into the bytes, with no string made,
 * joined or encoded. Byte for byte formatNum's text (engine/num-bytes.test.ts).
 */
import { type ByteBuffer, putText } from "./byte-buffer.js";
import { formatNum, limbs, type Num, RATIO, Ratio, ratioDigits } from "./numeric.js";

const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

/** The most bytes a quotient of safe integers takes: sign, 16 whole digits, point, 16 zeros, 35 digits. */
const RATIO_ROOM = 80;

export function putNum(out: ByteBuffer, a: Num): void {
  if (typeof a === "number") {
    if (Number.isSafeInteger(a)) return putWhole(out, a);
  } else if (a instanceof Ratio && ratioDigits(a.n, a.d)) return putRatio(out);
  putText(out, formatNum(a));
}

function putWhole(out: ByteBuffer, x: number): void {
  out.reserve(17);
  const b = out.buf;
  let p = out.length;
  if (x < 0) {
    b[p++] = MINUS;
    x = -x;
  }
  out.length = putDigits(b, p, x);
}

/** The digits of a whole x ≥ 0 at b[p…]; the index after them. */
function putDigits(b: Uint8Array, p: number, x: number): number {
  let n = 1;
  for (let t = x; t >= 10; n++) t = Math.floor(t / 10);
  const end = p + n;
  for (let i = end - 1; i >= p; i--) {
    const q = Math.floor(x / 10);
    b[i] = ZERO + (x - q * 10);
    x = q;
  }
  return end;
}

/** RATIO's digits, as formatRatio joins them. */
function putRatio(out: ByteBuffer): void {
  out.reserve(RATIO_ROOM);
  const o = RATIO;
  const b = out.buf;
  let p = out.length;
  if (o.negative) b[p++] = MINUS;
  p = putDigits(b, p, o.whole);
  if (o.nl > 0 || o.w > 0) {
    b[p++] = DOT;
    for (let i = 0; i < o.zeros; i++) b[p++] = ZERO;
    for (let i = 0; i < o.nl; i++) p = putNine(b, p, limbs[i], 9);
    if (o.w > 0) p = putNine(b, p, o.cur, o.w);
  }
  out.length = p;
}

/** "00" … "99" as character codes, two per entry: half the divisions of one digit at a time. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = ZERO + Math.floor(i / 10);
  PAIRS[2 * i + 1] = ZERO + (i % 10);
}

/** x (0 ≤ x < 10^w ≤ 10^9) as exactly w digits, zero-padded on the left. */
function putNine(b: Uint8Array, p: number, x: number, w: number): number {
  let i = p + w - 1;
  for (; i > p; i -= 2) {
    const q = (x / 100) | 0;
    const r = 2 * (x - q * 100);
    b[i] = PAIRS[r + 1];
    b[i - 1] = PAIRS[r];
    x = q;
  }
  if (i === p) b[p] = ZERO + x;
  return p + w;
}
