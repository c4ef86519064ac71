import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { chunkItems, chunkLines, jsonlChunks, lineText } from "./jsonl-chunks.js";
import { readItems, type Item } from "./input-items.js";

/** The stream in pieces of `piece` bytes, as a file or a pipe would deliver it. */
function stream(text: string, piece: number): Readable {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += piece) parts.push(bytes.subarray(i, i + piece));
  return Readable.from(parts);
}

async function viaChunks(text: string, piece: number, chunkBytes: number): Promise<Item[]> {
  const items: Item[] = [];
  for await (const c of jsonlChunks(stream(text, piece), chunkBytes)) {
    expect(c.bytes.byteOffset).toBe(0);
    expect(c.bytes.buffer.byteLength).toBe(c.bytes.byteLength);
    items.push(...chunkItems(c));
  }
  return items;
}

async function viaReadItems(text: string): Promise<Item[]> {
  const items: Item[] = [];
  for await (const b of readItems(stream(text, 7), "jsonl")) items.push(...b.items);
  return items;
}

const text =
  "\uFEFF" +
  Array.from({ length: 200 }, (_, k) => {
    if (k % 17 === 0) return "";
    if (k % 23 === 0) return "   ";
    const line = JSON.stringify({ customer_id: `C${k}`, name: `重庆山城 🌸 ${k}`, amount: `${k}.05` });
    return k % 5 === 0 ? `${line}\r` : k === 42 ? "{not json" : line;
  }).join("\n");

describe("jsonlChunks", () => {
  it.each([
    [1, 1],
    [5, 64],
    [100, 300],
    [4096, 1 << 20],
  ])("gives the same numbered lines as the line reader (pieces of %i bytes, chunks of %i)", async (piece, chunkBytes) => {
    expect(await viaChunks(text, piece, chunkBytes)).toEqual(await viaReadItems(text));
  });

  it("drops only the file's first byte-order mark; lines of Unicode spaces are blank, as the line reader has them", async () => {
    const odd = ["\uFEFF\uFEFF{\"a\":1}", "\uFEFF{\"b\":2}", "\u3000\u00a0", "\u2028", "\u3000{}", "\uFEFF", "x\uFEFF"].join("\n");
    for (const [piece, chunkBytes] of [
      [1, 1],
      [3, 8],
      [64, 1 << 20],
    ]) {
      const items = await viaChunks(odd, piece, chunkBytes);
      expect(items).toEqual(await viaReadItems(odd));
      expect(items.map((i) => i.line)).toEqual([1, 2, 5, 7]);
    }
  });

  it("chunkLines: byte ranges of the lines chunkItems decodes", () => {
    const bytes = new TextEncoder().encode('\uFEFF{"a":1}\r\n\n  \n{"b":"重庆"}');
    const chunk = { bytes, firstLine: 1, bytesRead: bytes.length };
    const lines = chunkLines(chunk);
    expect(lines.map((l) => (l.kind === "line" ? [l.start, l.end, l.line] : null))).toEqual([
      [3, 10, 1],
      [16, bytes.length, 4],
    ]);
    expect(lines.map((l) => (l.kind === "line" ? lineText(l) : null))).toEqual(chunkItems(chunk).map((i) => (i.kind === "json" ? i.text : null)));
  });

  it("keeps a last line without a newline, and a file with one line", async () => {
    expect(await viaChunks('{"a":1}\n{"b":2}', 3, 4)).toEqual([
      { kind: "json", text: '{"a":1}', line: 1 },
      { kind: "json", text: '{"b":2}', line: 2 },
    ]);
    expect(await viaChunks("", 3, 4)).toEqual([]);
  });
});
