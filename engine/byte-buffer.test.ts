// The byte buffer's writers give the bytes TextEncoder gives for the text JSON.stringify writes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteBuffer, ByteRun, putAsciiLater, putByte, putJsonChars, putJsonString, putRun, putText } from "./byte-buffer.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Strings heavy in what JSON escapes and what UTF-8 encodes in several bytes, lone surrogates included. */
const text = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', "\\", "\n", "\u0000", "\u0007", "\u001f", "\u007f", "\u0080", "\u07ff", "\u0800", "\uffff", "😀", "\ud800", "\udfff", "\udbff\udfff"),
      fc.string({ unit: "binary", maxLength: 5 }),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(""));

function expectBytes(out: ByteBuffer, expected: string): void {
  const bytes = out.bytes();
  expect(decoder.decode(bytes)).toBe(expected);
  expect(Array.from(bytes)).toEqual(Array.from(encoder.encode(expected)));
}

describe("ByteBuffer", () => {
  it("writes any string as JSON.stringify writes it, UTF-8 encoded (property)", () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), fc.integer({ min: 1, max: 64 }), (strings, capacity) => {
        const out = new ByteBuffer(capacity);
        for (const s of strings) putJsonString(out, s);
        expectBytes(out, strings.map((s) => JSON.stringify(s)).join(""));
      }),
      { numRuns: 1000 },
    );
  });

  it("writes part of a string without splitting what it does not hold", () => {
    const out = new ByteBuffer(8);
    putJsonChars(out, "ab\ud83d\ude00c", 0, 3);
    putByte(out, 0x7c);
    putJsonChars(out, "ab\ud83d\ude00c", 3, 5);
    expectBytes(out, "ab\\ud83d|\\ude00c");
  });

  it("copies byte runs of every length and grows as it goes", () => {
    const runs = ["", "a", "ab", "abc", "abcd", "abcde", "行", "😀x", "x".repeat(63), "y".repeat(64), "z".repeat(200)];
    const out = new ByteBuffer(1);
    for (let k = 0; k < 50; k++) for (const r of runs) putRun(out, new ByteRun(r));
    expectBytes(out, runs.join("").repeat(50));
  });

  it("fills in texts put for later, among other writes and growth", () => {
    const out = new ByteBuffer(4);
    const expected: string[] = [];
    for (let i = 0; i < 500; i++) {
      const later = `${i}.${"0123456789".repeat(i % 5)}`;
      putJsonString(out, `k${i}`);
      putByte(out, 0x22);
      putAsciiLater(out, later);
      putByte(out, 0x22);
      expected.push(`"k${i}""${later}"`);
    }
    expectBytes(out, expected.join(""));
  });

  it("escapes and encodes a text put for later that is not plain ASCII after all", () => {
    const out = new ByteBuffer(4);
    putAsciiLater(out, "12.5");
    putText(out, "|行|");
    putAsciiLater(out, 'é"\ud800');
    putAsciiLater(out, "7");
    expectBytes(out, '12.5|行|é\\"\\ud8007');
  });

  it("writes any text with putText as TextEncoder does", () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = new ByteBuffer(2);
        putText(out, s);
        expect(Array.from(out.bytes())).toEqual(Array.from(encoder.encode(s)));
      }),
    );
  });
});
