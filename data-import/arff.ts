/**
 * ARFF (Weka's attribute-relation file format) → rows of facts. Values stay text, exactly as
 * written (numbers are decimal strings for the engine to read exactly); `?` is a missing value
 * and the attribute is left out of the row. Every malformed line is an error naming its line.
 */

export type ArffAttribute =
  | { name: string; kind: "numeric" }
  | { name: string; kind: "nominal"; values: string[] }
  | { name: string; kind: "string" }
  | { name: string; kind: "date"; format: string | null };

export interface ArffData {
  relation: string;
  attributes: ArffAttribute[];
  rows: Array<Record<string, string>>;
}

export class ArffError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const numeric = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Splits `a, 'b c', "d\"e"` into values, honouring quotes and backslash escapes. */
function splitValues(text: string, line: number, separator = ","): string[] {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i <= n) {
    while (i < n && (text[i] === " " || text[i] === "\t")) i++;
    let value = "";
    if (text[i] === "'" || text[i] === '"') {
      const q = text[i++];
      let closed = false;
      while (i < n) {
        const c = text[i++];
        if (c === "\\" && i < n) value += text[i++];
        else if (c === q) {
          closed = true;
          break;
        } else value += c;
      }
      if (!closed) throw new ArffError(line, `a quoted value is not closed: ${text.slice(0, 60)}`);
      while (i < n && (text[i] === " " || text[i] === "\t")) i++;
      out.push(value);
      // A quoted value stays text even if it looks like "?".
      if (i < n && text[i] !== separator) throw new ArffError(line, `expected "${separator}" after the quoted value '${value}'`);
      i++;
      continue;
    }
    const end = text.indexOf(separator, i);
    value = (end < 0 ? text.slice(i) : text.slice(i, end)).trim();
    out.push(value === "?" ? "\u0000?" : value);
    if (end < 0) break;
    i = end + 1;
  }
  return out;
}

const MISSING = "\u0000?";

function unquoteWord(word: string): string {
  return (word.startsWith("'") && word.endsWith("'")) || (word.startsWith('"') && word.endsWith('"')) ? word.slice(1, -1) : word;
}

function parseAttribute(rest: string, line: number): ArffAttribute {
  const m = /^('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\S+)\s+(.*)$/.exec(rest.trim());
  if (!m) throw new ArffError(line, `an attribute needs a name and a type: @attribute ${rest}`);
  const name = unquoteWord(m[1]);
  const type = m[2].trim();
  if (type.startsWith("{")) {
    if (!type.endsWith("}")) throw new ArffError(line, `the values of attribute ${name} are not closed with "}"`);
    const values = splitValues(type.slice(1, -1), line).map((v) => (v === MISSING ? "?" : v));
    return { name, kind: "nominal", values };
  }
  const word = type.split(/\s+/)[0].toLowerCase();
  if (word === "numeric" || word === "real" || word === "integer") return { name, kind: "numeric" };
  if (word === "string") return { name, kind: "string" };
  if (word === "date") return { name, kind: "date", format: type.slice(4).trim() ? unquoteWord(type.slice(4).trim()) : null };
  throw new ArffError(line, `attribute ${name} has type "${type}": expected numeric, real, integer, string, date or {value, …} (relational attributes are not supported)`);
}

export function parseArff(text: string): ArffData {
  const lines = text.split(/\r\n|\n|\r/);
  let relation = "";
  const attributes: ArffAttribute[] = [];
  const rows: Array<Record<string, string>> = [];
  let inData = false;
  for (let k = 0; k < lines.length; k++) {
    const lineNo = k + 1;
    const raw = lines[k].trim();
    if (raw === "" || raw.startsWith("%")) continue;
    if (!inData) {
      const m = /^@(\w+)\s*(.*)$/.exec(raw);
      if (!m) throw new ArffError(lineNo, `expected @relation, @attribute or @data, found "${raw.slice(0, 40)}"`);
      const keyword = m[1].toLowerCase();
      if (keyword === "relation") relation = unquoteWord(m[2].trim());
      else if (keyword === "attribute") attributes.push(parseAttribute(m[2], lineNo));
      else if (keyword === "data") {
        if (attributes.length === 0) throw new ArffError(lineNo, "@data comes before any @attribute");
        inData = true;
      } else throw new ArffError(lineNo, `unknown declaration @${m[1]}`);
      continue;
    }
    if (raw.startsWith("{")) throw new ArffError(lineNo, "sparse ARFF rows ({index value, …}) are not supported; write every value");
    const values = splitValues(raw, lineNo);
    if (values.length !== attributes.length) {
      throw new ArffError(lineNo, `expected ${attributes.length} values (${attributes.map((a) => a.name).join(", ")}), found ${values.length}`);
    }
    const row: Record<string, string> = {};
    attributes.forEach((a, i) => {
      const v = values[i];
      if (v === MISSING) return;
      if (a.kind === "numeric" && !numeric.test(v)) throw new ArffError(lineNo, `attribute ${a.name} must be a number, found "${v}"`);
      if (a.kind === "nominal" && !a.values.includes(v)) throw new ArffError(lineNo, `attribute ${a.name} must be one of ${a.values.map((x) => `'${x}'`).join(", ")}, found '${v}'`);
      row[a.name] = v;
    });
    rows.push(row);
  }
  if (!inData) throw new ArffError(lines.length, "no @data section");
  return { relation, attributes, rows };
}
