/**
 * Customer input files → batches of work items, streamed: JSONL (one customer per line), a JSON
 * array of customers, or CSV with a header row. Parsing a customer's JSON happens later, where it
 * is evaluated (possibly in a worker); here rows are only cut out, numbered and counted, so one
 * bad row becomes one error record and never stops the file.
 */
import { statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";
import { parse as csvParse } from "csv-parse";
import type { RecordError } from "../engine/index.js";
import { salvageCustomerId } from "./json-line.js";
import { reason } from "./reason.js";

export type InputFormat = "jsonl" | "json" | "csv";

export type Item =
  /** The JSON text of one customer. */
  | { kind: "json"; text: string; line: number }
  /** One JSONL line as UTF-8: bytes [start, end) of a chunk, without its line end (cli/jsonl-chunks.ts). */
  | { kind: "line"; bytes: Uint8Array; start: number; end: number; line: number }
  /** A CSV row: every value is text, an empty cell is absent. */
  | { kind: "text"; facts: Record<string, string>; line: number }
  /** A row that could not even be read; it still yields its record, in order. */
  | { kind: "error"; customerId: string | null; error: RecordError; line: number };

export interface Batch {
  items: Item[];
  /** Input bytes consumed so far, for progress. */
  bytes: number;
}

/** The input itself is unusable (not a JSON array, no CSV header): nothing can be evaluated. */
export class InputError extends Error {}

export function formatOf(path: string): InputFormat | null {
  if (path === "-" || /\.(jsonl|ndjson)$/i.test(path)) return "jsonl";
  if (/\.json$/i.test(path)) return "json";
  if (/\.csv$/i.test(path)) return "csv";
  return null;
}

/**
 * A customer file's format and size (null for standard input, `-`), or null after telling the
 * user (through `say`) why it cannot be read.
 */
export function inputFile(path: string, say: (line: string) => void): { format: InputFormat; size: number | null } | null {
  const format = formatOf(path);
  if (format === null) {
    say(`credit-rules: cannot tell the format of ${path}: use a .jsonl, .json or .csv file, or - for JSONL on standard input`);
    return null;
  }
  if (path === "-") return { format, size: null };
  try {
    return { format, size: statSync(path).size };
  } catch (e) {
    say(`credit-rules: cannot read the input ${path}: ${reason(e)}`);
    return null;
  }
}

export function readItems(input: Readable, format: InputFormat): AsyncGenerator<Batch> {
  if (format === "csv") return csvItems(input);
  if (format === "json") return jsonArrayItems(input);
  return jsonLines(input);
}

async function* decoded(input: Readable): AsyncGenerator<{ text: string; bytes: number }> {
  const decoder = new StringDecoder("utf8");
  let bytes = 0;
  let first = true;
  for await (const chunk of input) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += buf.length;
    let text = decoder.write(buf);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    yield { text, bytes };
  }
  const rest = decoder.end();
  if (rest) yield { text: rest, bytes };
}

async function* jsonLines(input: Readable): AsyncGenerator<Batch> {
  let carry = "";
  let line = 0;
  let bytes = 0;
  const take = (items: Item[], raw: string) => {
    line++;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    // Blank lines separate nothing and hold no customer.
    if (text.trim() !== "") items.push({ kind: "json", text, line });
  };
  for await (const chunk of decoded(input)) {
    bytes = chunk.bytes;
    const text = carry + chunk.text;
    const items: Item[] = [];
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      take(items, text.slice(start, nl));
      start = nl + 1;
    }
    carry = text.slice(start);
    if (items.length > 0) yield { items, bytes };
  }
  if (carry !== "") {
    const items: Item[] = [];
    take(items, carry);
    if (items.length > 0) yield { items, bytes };
  }
}

/**
 * `[ {…}, {…} ]` → one item per element, without holding the whole file: a small scanner finds
 * where each element ends (depth and strings tracked); each element is parsed on its own later.
 * A file holding a single object is one customer.
 */
async function* jsonArrayItems(input: Readable): AsyncGenerator<Batch> {
  type State = "start" | "between" | "element" | "single" | "end";
  let state: State = "start";
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = "";
  let elementLine = 0;
  let bytes = 0;
  let trailing = false;
  const finish = (items: Item[]) => {
    const text = element.trim();
    if (text !== "") items.push({ kind: "json", text, line: elementLine });
    element = "";
  };
  for await (const chunk of decoded(input)) {
    bytes = chunk.bytes;
    const text = chunk.text;
    const items: Item[] = [];
    let from = -1; // start of the element's text within this chunk
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (state === "element" || state === "single") {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92 /* \ */) escaped = true;
          else if (c === 34 /* " */) inString = false;
        } else if (c === 34) inString = true;
        else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
        else if ((c === 125 /* } */ || c === 93) /* ] */ && depth > 0) depth--;
        else if (depth === 0 && state === "element" && (c === 44 /* , */ || c === 93)) {
          element += text.slice(from, i);
          from = -1;
          finish(items);
          state = c === 93 ? "end" : "between";
        }
      } else if (c === 32 || c === 9 || c === 13 || c === 10) {
        // whitespace between elements
      } else if (state === "start") {
        if (c === 91) state = "between";
        else if (c === 123) {
          state = "single";
          depth = 1;
          elementLine = line;
          from = i;
        } else throw new InputError(`line ${line}: expected a JSON array of customers ("[") or one customer ("{")`);
      } else if (state === "between") {
        if (c === 93) state = "end";
        else if (c !== 44) {
          state = "element";
          elementLine = line;
          from = i;
          if (c === 34) inString = true;
          else if (c === 123 || c === 91) depth = 1;
        }
      } else if (state === "end") trailing = true;
      if (c === 10) line++;
    }
    if (from !== -1) element += text.slice(from);
    if (items.length > 0) yield { items, bytes };
  }
  const items: Item[] = [];
  const broken = (message: string) => items.push({ kind: "error", customerId: null, line, error: { code: "INVALID_JSON", message: `line ${line}: ${message}` } });
  if (state === "single") finish(items);
  else if (state === "element") {
    const id = salvageCustomerId(element);
    items.push({ kind: "error", customerId: id, line: elementLine, error: { code: "INVALID_JSON", message: `line ${elementLine}: the file ends inside this customer${id === null ? "" : ` (${id})`}` } });
  } else if (state === "between") broken('the customer array is not closed with "]"');
  else if (trailing) broken(`unexpected text after the end of the customer array`);
  if (items.length > 0) yield { items, bytes };
}

async function* csvItems(input: Readable): AsyncGenerator<Batch> {
  const pending: Item[] = [];
  let header: string[] | null = null;
  let idColumn = -1;
  let bytes = 0;
  input.on("data", (chunk: Buffer | string) => {
    bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
  });
  const parser = input.pipe(
    csvParse({
      bom: true,
      info: true,
      relax_column_count: true,
      // Mixed line endings must not glue two rows together.
      record_delimiter: ["\r\n", "\n", "\r"],
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err, raw) => {
        const line = Number(err?.lines ?? 0);
        pending.push({
          kind: "error",
          customerId: raw && idColumn >= 0 ? (raw.split(",")[idColumn] ?? null) : null,
          line,
          error: { code: "INVALID_CSV", message: `line ${line}: ${err?.message ?? "unreadable CSV row"}` },
        });
        return undefined;
      },
    }),
  );
  let items: Item[] = [];
  for await (const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const { record, info } = entry;
    if (pending.length > 0) items.push(...pending.splice(0));
    if (header === null) {
      header = record.map((h) => h.trim());
      idColumn = ["customer_id", "customerId", "id"].map((k) => header!.indexOf(k)).find((i) => i >= 0) ?? -1;
      continue;
    }
    const id = idColumn >= 0 && record[idColumn] !== undefined && record[idColumn] !== "" ? record[idColumn] : null;
    if (record.length !== header.length) {
      const who = id === null ? "customer (no id)" : `customer ${id}`;
      items.push({
        kind: "error",
        customerId: id,
        line: info.lines,
        error: { code: "WRONG_CELL_COUNT", message: `${who}: line ${info.lines} has ${record.length} cells but the header has ${header.length}` },
      });
    } else {
      const facts: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) facts[header[i]] = record[i];
      items.push({ kind: "text", facts, line: info.lines });
    }
    if (items.length >= 500) {
      yield { items, bytes };
      items = [];
    }
  }
  if (header === null && pending.length === 0) return;
  items.push(...pending.splice(0));
  if (items.length > 0) yield { items, bytes };
}
