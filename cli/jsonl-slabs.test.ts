import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { readItems, type Item } from "./input-items.js";
import { chunkItems } from "./jsonl-chunks.js";
import { jsonlSlabs, type SlabOptions } from "./jsonl-slabs.js";

const dir = mkdtempSync(join(tmpdir(), "slabs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(text: string): string {
  const path = join(dir, `f${files++}.jsonl`);
  writeFileSync(path, text);
  return path;
}

/** Every chunk's items, each chunk released once read. */
async function viaSlabs(text: string, options: SlabOptions): Promise<{ items: Item[]; chunks: number }> {
  const items: Item[] = [];
  let chunks = 0;
  for await (const { chunk, release } of jsonlSlabs(file(text), options)) {
    expect(chunk.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(chunk.out.buffer).toBe(chunk.bytes.buffer);
    items.push(...chunkItems(chunk));
    chunks++;
    release();
  }
  return { items, chunks };
}

async function viaReadItems(text: string): Promise<Item[]> {
  const items: Item[] = [];
  for await (const b of readItems(Readable.from([Buffer.from(text)]), "jsonl")) items.push(...b.items);
  return items;
}

const text =
  "\uFEFF" +
  Array.from({ length: 300 }, (_, k) => {
    if (k % 17 === 0) return "";
    const line = JSON.stringify({ customer_id: `C${k}`, name: `重庆山城 🌸 ${k}`, note: "x".repeat(k % 7 === 0 ? 900 : 10) });
    return k % 5 === 0 ? `${line}\r` : k === 42 ? "{not json" : line;
  }).join("\n");

describe("jsonlSlabs", () => {
  it.each([
    [16, 64, 1],
    [100, 64, 2],
    [4096, 1024, 3],
    [1 << 20, 1 << 20, 16],
  ])("gives the same numbered lines as the line reader (reads of %i bytes, output room %i, %i slabs)", async (readBytes, outBytes, slabs) => {
    const { items, chunks } = await viaSlabs(text, { readBytes, outBytes, slabs });
    expect(items).toEqual(await viaReadItems(text));
    if (readBytes < 1000) expect(chunks).toBeGreaterThan(10);
  });

  it("keeps a last line without a newline, an empty file, and lines far longer than a slab", async () => {
    expect((await viaSlabs('{"a":1}\n{"b":2}', { readBytes: 4 })).items).toEqual([
      { kind: "json", text: '{"a":1}', line: 1 },
      { kind: "json", text: '{"b":2}', line: 2 },
    ]);
    expect((await viaSlabs("", {})).items).toEqual([]);
    const long = `{"a":"${"y".repeat(5000)}"}\n{"b":1}\n{"c":"${"z".repeat(300)}"}`;
    expect((await viaSlabs(long, { readBytes: 64, slabs: 1 })).items).toEqual(await viaReadItems(long));
  });

  it("reuses a slab only once it is released", async () => {
    const slabs = jsonlSlabs(file(text), { readBytes: 4096, slabs: 2 });
    const a = await slabs.next();
    const b = await slabs.next();
    if (a.done || b.done) throw new Error("too few chunks");
    expect(a.value.chunk.bytes.buffer).not.toBe(b.value.chunk.bytes.buffer);
    const firstText = chunkItems(a.value.chunk);
    let third = false;
    const next = slabs.next().then((r) => {
      third = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(third).toBe(false);
    // Nothing has been written over the first chunk while it was held.
    expect(chunkItems(a.value.chunk)).toEqual(firstText);
    a.value.release();
    const c = await next;
    if (c.done) throw new Error("too few chunks");
    expect(c.value.chunk.bytes.buffer).toBe(a.value.chunk.bytes.buffer);
    await slabs.return(undefined);
  });
});
