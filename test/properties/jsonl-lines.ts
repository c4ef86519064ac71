/**
 * JSONL lines for differential tests of reading customers straight from bytes
 * (engine/line-binder.ts): customers as written, then bent and broken the ways real files are —
 * duplicate keys, escapes in keys and values, nulls, exponents, long digit strings, negative
 * zero, whitespace everywhere, nested unknown fields, truncation, trailing garbage, byte-order
 * marks, CR LF, invalid UTF-8, non-ASCII ids, missing fields, wrong types.
 */
import fc from "fast-check";

/** A field as written: its key (JSON string body, escapes allowed) and its value (JSON text, valid or not). */
export type Field = [key: string, value: string];

export function fieldsOf(customer: Record<string, unknown>): Field[] {
  return Object.entries(customer).map(([k, v]) => [k, JSON.stringify(v)]);
}

/** Values a field may be given instead of its own. */
export const VALUES = [
  "null", "true", "false", '"true"', '"false"', '"yes"', '"TRUE"',
  "0", "1", "2", "-5", "42", "-0", "-0.0", "0.0", "12.5", "12.50", "1.0", "0.95", "-0.5", "0.5", "0.000001", "0.00001", "0.100",
  "1e3", "1E3", "1e-7", "708.9196e42926582", "-1e400", "2.5e+2",
  "12345678901234567", "1234567890123456", "123456789012345", "9007199254740993", "100000000000000000000", "123456789012.345", "1234567890123.456",
  "[]", "{}", "[1]", '{"a":1}',
  '""', '" 1"', '"1 "', '"+5"', '".5"', '"5."', '"5"', '"-0"', '"-0.00"', '"0.00"', '"-5.5"', '"31824338.11"', '"31824338.10"', '"007.50"',
  '"1.2"', '"1e3"', '"708.9196e42926582"', '"12345678901234567"', '"9007199254740991"', '"9007199254740992"', '"0.999999999999999999999"',
  '"0.1234567890123456"', '"0.123456789012345"', '"123456789012345.5"', '"1,000"', '"NaN"', '"Infinity"', '"-"', '"1.2.3"', '"00.5"',
  '"\\u0031"', '"1\\n"', '"0\\u002e95"', '"华东"', '"\\u534e\\u4e1c"', '"retail"', '"零售"', '"wholesale "', '"医药"', '"无"', '"北京"', '"a\\"b"', '"\\ud800"', '"🌸"',
  "01", "-", "1.", ".5", "+1", "tru", "nul", '"unterminated', "NaN",
];

/** Values of unknown fields: nested, odd, or broken. */
export const UNKNOWN_VALUES = [
  '{"a":[1,{"b":null,"c":"x\\"y"}],"d":-1.5}',
  '{"a":1,"a":2}',
  '{"a":1,"b":{"a":2}}',
  `${"[".repeat(100)}${"]".repeat(100)}`,
  `${"[".repeat(20)}1${"]".repeat(20)}`,
  '{"名":"值","值":{"名":[]}}',
  "[1,2,]",
  '{"a" 1}',
  '[true,false,null,"\\u00e9",0.5,-0,1e5]',
  '"\\/\\b\\f\\n\\r\\t"',
  '"\\x"',
  '"\\u12"',
  '{"assets":"1"}',
  "[ 1 , { } , [ ] ]",
  '{"a":1,}',
  "12345678901234567890",
  "-0.000000001",
  '"tab\there"',
  "{\"k\\u0061\":1}",
];

export const ID_VALUES = ['"客户-1"', '"C\\u0031"', "42", "-7", "1.5", "null", "true", '{"x":1}', '"🌸"', '""', "0", "-0", "007", "123456789012345678", '"P0000001"', '"x y"', "[1,2]", "1e3"];

const ID_KEYS = ["customer_id", "customerId", "id"];
const UNKNOWN_KEYS = ["extra", "__proto__", "constructor", "名称", "toString", "note_2", "name"];
/** JSON whitespace, and (last) what is not JSON whitespace. */
const SPACES = ["", "", "", " ", "\t", "  ", "\r", "\u00a0"];
const GARBAGE = ["x", "}", ",", " ", "\u00a0", "{}", "\t", "//", "\u3000"];
const BAD_BYTES = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe4, 0xb8], [0xef, 0xbb, 0xbf], [0xc0, 0xaf]];
const WHOLE_LINES = ["[1]", '"x"', "42", "null", "{}", "{ }", "[]", "\u00a0", "\u3000{}", "\ufeff{}"];

export type Mutation =
  | { op: "set"; at: number; value: number }
  | { op: "drop"; at: number }
  | { op: "dup"; at: number; value: number; same: boolean }
  | { op: "escapeKey"; at: number }
  | { op: "escapeValue"; at: number }
  | { op: "unknown"; key: number; value: number }
  | { op: "id"; key: number; value: number; keep: boolean };

export interface LineShape {
  base: number;
  mutations: Mutation[];
  spaces: number[];
  truncate: number | null;
  garbage: number | null;
  badBytes: { at: number; which: number } | null;
  bom: boolean;
  whole: number | null;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("set" as const), at: fc.nat(), value: fc.nat(VALUES.length - 1) }),
  fc.record({ op: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("dup" as const), at: fc.nat(), value: fc.nat(VALUES.length - 1), same: fc.boolean() }),
  fc.record({ op: fc.constant("escapeKey" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("escapeValue" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("unknown" as const), key: fc.nat(UNKNOWN_KEYS.length - 1), value: fc.nat(UNKNOWN_VALUES.length - 1) }),
  fc.record({ op: fc.constant("id" as const), key: fc.nat(ID_KEYS.length - 1), value: fc.nat(ID_VALUES.length - 1), keep: fc.boolean() }),
);

/** A line: one of `baseCount` customers, mostly as written, often bent, sometimes broken. */
export function lineShape(baseCount: number): fc.Arbitrary<LineShape> {
  const rare = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: a });
  return fc.record({
    base: fc.nat(baseCount - 1),
    mutations: fc.oneof({ weight: 2, arbitrary: fc.constant([] as Mutation[]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }) }),
    spaces: fc.oneof(
      { weight: 2, arbitrary: fc.constant([] as number[]) },
      { weight: 1, arbitrary: fc.array(fc.nat(SPACES.length - 2), { minLength: 1, maxLength: 12 }) },
      { weight: 1, arbitrary: fc.array(fc.nat(SPACES.length - 1), { minLength: 1, maxLength: 12 }) },
    ),
    truncate: rare(fc.nat()),
    garbage: rare(fc.nat(GARBAGE.length - 1)),
    badBytes: rare(fc.record({ at: fc.nat(), which: fc.nat(BAD_BYTES.length - 1) })),
    bom: fc.nat(9).map((n) => n === 0),
    whole: rare(fc.nat(WHOLE_LINES.length - 1)),
  });
}

/** A character of a key or string body as a \u escape (the same text once decoded). */
function escapeFirst(body: string): string {
  const i = body.search(/[^\\"]/);
  if (i < 0) return body;
  return `${body.slice(0, i)}\\u${body.charCodeAt(i).toString(16).padStart(4, "0")}${body.slice(i + 1)}`;
}

function apply(fields: Field[], m: Mutation): Field[] {
  const out = fields.slice();
  const at = out.length === 0 ? 0 : m.op === "unknown" || m.op === "id" ? 0 : m.at % out.length;
  switch (m.op) {
    case "set":
      if (out.length > 0) out[at] = [out[at][0], VALUES[m.value]];
      break;
    case "drop":
      out.splice(at, 1);
      break;
    case "dup":
      if (out.length > 0) out.splice((at * 7) % (out.length + 1), 0, [out[at][0], m.same ? out[at][1] : VALUES[m.value]]);
      break;
    case "escapeKey":
      if (out.length > 0) out[at] = [escapeFirst(out[at][0]), out[at][1]];
      break;
    case "escapeValue":
      if (out.length > 0 && out[at][1].startsWith('"') && out[at][1].length > 2) out[at] = [out[at][0], `"${escapeFirst(out[at][1].slice(1, -1))}"`];
      break;
    case "unknown":
      out.splice(m.key % (out.length + 1), 0, [UNKNOWN_KEYS[m.key], UNKNOWN_VALUES[m.value]]);
      break;
    case "id": {
      const i = out.findIndex(([k]) => ID_KEYS.includes(k));
      if (i >= 0 && !m.keep) out.splice(i, 1);
      out.splice(m.value % (out.length + 1), 0, [ID_KEYS[m.key], ID_VALUES[m.value]]);
      break;
    }
  }
  return out;
}

const utf8 = new TextEncoder();

/** The line's bytes (without its line end). */
export function lineBytes(shape: LineShape, bases: readonly Field[][]): Uint8Array {
  let text: string;
  if (shape.whole !== null) text = WHOLE_LINES[shape.whole];
  else {
    const fields = shape.mutations.reduce(apply, bases[shape.base]);
    let n = 0;
    const sp = () => (shape.spaces.length === 0 ? "" : SPACES[shape.spaces[n++ % shape.spaces.length]]);
    text = `${sp()}{${fields.map(([k, v]) => `${sp()}"${k}"${sp()}:${sp()}${v}${sp()}`).join(",")}}${sp()}`;
  }
  if (shape.garbage !== null) text += GARBAGE[shape.garbage];
  if (shape.truncate !== null) text = text.slice(0, shape.truncate % (text.length + 1));
  if (shape.bom) text = `\ufeff${text}`;
  let bytes = utf8.encode(text);
  if (shape.badBytes !== null) {
    const at = shape.badBytes.at % (bytes.length + 1);
    const bad = BAD_BYTES[shape.badBytes.which];
    const out = new Uint8Array(bytes.length + bad.length);
    out.set(bytes.subarray(0, at));
    out.set(bad, at);
    out.set(bytes.subarray(at), at + bad.length);
    bytes = out;
  }
  // A line end inside would make two lines: keep this one line.
  return bytes.map((b) => (b === 10 ? 32 : b));
}

export interface FileShape {
  lines: LineShape[];
  crlf: boolean;
  bom: boolean;
  blanks: number[];
  finalNewline: boolean;
}

export function fileShape(baseCount: number): fc.Arbitrary<FileShape> {
  return fc.record({
    lines: fc.array(lineShape(baseCount), { minLength: 1, maxLength: 6 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    blanks: fc.array(fc.nat(8), { maxLength: 2 }),
    finalNewline: fc.boolean(),
  });
}

const BLANKS = ["", "   ", "\t", "\u3000", "\u00a0 "];

/** A whole JSONL file: the lines, blank lines between some, CR LF or LF, maybe a byte-order mark. */
export function fileBytes(shape: FileShape, bases: readonly Field[][]): Uint8Array {
  const parts: Uint8Array[] = [];
  if (shape.bom) parts.push(Uint8Array.of(0xef, 0xbb, 0xbf));
  const end = utf8.encode(shape.crlf ? "\r\n" : "\n");
  shape.lines.forEach((line, i) => {
    if (i > 0) parts.push(end);
    if (shape.blanks.includes(i)) parts.push(utf8.encode(BLANKS[i % BLANKS.length]), end);
    parts.push(lineBytes(line, bases));
  });
  if (shape.finalNewline) parts.push(end);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Every single-field change of a customer: each field given each of VALUES (ID_VALUES for the id
 * fields, UNKNOWN_VALUES for an added unknown field), dropped, duplicated and its key escaped.
 */
export function singleChanges(base: Field[]): Uint8Array[] {
  const line = (fields: Field[]) => utf8.encode(`{${fields.map(([k, v]) => `"${k}":${v}`).join(",")}}`);
  const out: Uint8Array[] = [line(base)];
  base.forEach(([key, value], i) => {
    const values = ID_KEYS.includes(key) ? ID_VALUES : VALUES;
    for (const v of values) out.push(line(base.map((f, j) => (j === i ? [key, v] : f))));
    out.push(line(base.filter((_, j) => j !== i)));
    out.push(line([...base, [key, value]]));
    out.push(line(base.map((f, j) => (j === i ? [escapeFirst(key), value] : f))));
  });
  for (const v of UNKNOWN_VALUES) out.push(line([...base, ["extra", v]]));
  for (const k of ID_KEYS) for (const v of ID_VALUES) out.push(line([...base.filter(([key]) => !ID_KEYS.includes(key)), [k, v]]));
  return out;
}
