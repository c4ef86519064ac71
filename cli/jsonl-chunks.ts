/**
 * JSONL input cut into raw byte chunks at line ends, for worker threads: the reading thread only
 * finds newlines (native indexOf) and hands each chunk over without copying (a transferred
 * ArrayBuffer); splitting into lines and reading them happen in the workers. Per customer this
 * leaves the reading thread almost no work, so it never limits the workers. Lines stay bytes
 * (chunkLines): most are bound straight from them (engine/line-binder.ts), and only the lines
 * read the careful way are decoded.
 */
import type { Readable } from "node:stream";
import type { Item } from "./input-items.js";

export interface JsonlChunk {
  /** Whole lines: owns its ArrayBuffer, so it can be transferred, or shared memory (cli/jsonl-slabs.ts). */
  bytes: Uint8Array;
  /** Shared memory to write the chunk's output into while it fits (cli/jsonl-slabs.ts). */
  out?: Uint8Array;
  /** The line number (from 1) of the chunk's first line. */
  firstLine: number;
  /** Input bytes consumed up to the end of this chunk, for progress. */
  bytesRead: number;
}

const NL = 10;

export function countLines(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = b.indexOf(NL, from); i !== -1 && i < to; i = b.indexOf(NL, i + 1)) n++;
  return n;
}

export async function* jsonlChunks(input: Readable, chunkBytes = 1 << 20): AsyncGenerator<JsonlChunk> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 1;
  let bytesRead = 0;
  const emit = (parts: Buffer[], length: number): JsonlChunk => {
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const chunk = { bytes, firstLine: line, bytesRead };
    line += countLines(bytes, 0, length);
    return chunk;
  };
  for await (const data of input) {
    const buf = typeof data === "string" ? Buffer.from(data) : (data as Buffer);
    bytesRead += buf.length;
    pending.push(buf);
    pendingBytes += buf.length;
    if (pendingBytes < chunkBytes) continue;
    const cut = buf.lastIndexOf(NL);
    if (cut === -1) continue; // a very long line: keep reading until it ends
    const head = buf.subarray(0, cut + 1);
    const tail = buf.subarray(cut + 1);
    pending[pending.length - 1] = head;
    yield emit(pending, pendingBytes - tail.length);
    pending = tail.length > 0 ? [Buffer.from(tail)] : [];
    pendingBytes = tail.length;
  }
  if (pendingBytes > 0) yield emit(pending, pendingBytes);
}

/** A byte-order mark inside the input is text like any other: only the file's first one is dropped (below). */
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** The text of a line item (decoded only for lines read the careful way). */
export function lineText(item: Extract<Item, { kind: "line" }>): string {
  return decoder.decode(item.bytes.subarray(item.start, item.end));
}

/** The JSON text of a JSON item, whether cut out as text or kept as the bytes of a line. */
export function jsonText(item: Extract<Item, { kind: "json" | "line" }>): string {
  return item.kind === "line" ? lineText(item) : item.text;
}

/**
 * A chunk's lines as byte ranges, numbered; blank lines (only whitespace, as String.trim sees
 * it) hold no customer. A byte-order mark at the start of the input is dropped.
 */
export function chunkLines(chunk: JsonlChunk): Item[] {
  const b = chunk.bytes;
  let start = chunk.firstLine === 1 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const items: Item[] = [];
  let line = chunk.firstLine;
  while (start < b.length) {
    let end = b.indexOf(NL, start);
    if (end === -1) end = b.length;
    let stop = end;
    if (stop > start && b[stop - 1] === 13) stop--;
    if (stop > start && !blank(b, start, stop)) items.push({ kind: "line", bytes: b, start, end: stop, line });
    line++;
    start = end + 1;
  }
  return items;
}

/** Whether bytes [start, stop) are only whitespace: ASCII checked here, anything else by String.trim. */
function blank(b: Uint8Array, start: number, stop: number): boolean {
  for (let i = start; i < stop; i++) {
    const c = b[i];
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    return c >= 0x80 && decoder.decode(b.subarray(start, stop)).trim() === "";
  }
  return true;
}

/** This thread's copy of the last chunk in shared memory (see ownChunk). */
let own = new Uint8Array(0);

/**
 * The chunk itself, or, when its bytes are shared memory (cli/jsonl-slabs.ts), a copy in memory
 * of this thread's own, reused from chunk to chunk: reading shared memory byte by byte costs
 * more than one copy (docs/performance.md). The copy lasts until the next chunk is copied.
 */
export function ownChunk(chunk: JsonlChunk): JsonlChunk {
  const b = chunk.bytes;
  if (!(b.buffer instanceof SharedArrayBuffer)) return chunk;
  if (own.length < b.length) own = new Uint8Array(Math.max(b.length, 2 * own.length));
  own.set(b);
  return { bytes: own.subarray(0, b.length), firstLine: chunk.firstLine, bytesRead: chunk.bytesRead };
}

/** A chunk's lines as text items, numbered (what the careful path reads). */
export function chunkItems(chunk: JsonlChunk): Item[] {
  return chunkLines(chunk).map((item) => (item.kind === "line" ? { kind: "json", text: lineText(item), line: item.line } : item));
}
