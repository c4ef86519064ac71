/**
 * Customers pasted or uploaded as JSON lines, a JSON array or CSV, read without losing a digit:
 * JSON numbers go through lossless-json, CSV cells stay text (the engine reads them in its
 * textual mode, where an empty cell means "absent").
 */
import Papa from "papaparse";
import { parseExactJson, toEngineFacts } from "../api/exact-json.js";
import type { CustomerInput } from "../worker/protocol.js";

export interface Customer {
  /** Position in the loaded list; ids may repeat or be missing. */
  key: number;
  id: string | null;
  name: string | null;
  /** As read: lossless numbers for JSON, text for CSV. Sent to the server as exact JSON. */
  facts: Record<string, unknown>;
  textual: boolean;
}

export interface ReadResult {
  customers: Customer[];
  problems: Array<{ line: number; message: string }>;
}

function textOf(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  return String(toEngineFacts(value));
}

function customer(key: number, facts: Record<string, unknown>, textual: boolean): Customer {
  return { key, id: textOf(facts.customer_id ?? facts.customerId ?? facts.id), name: textOf(facts.name), facts, textual };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export function readCustomers(text: string, fileName = ""): ReadResult {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  const problems: ReadResult["problems"] = [];
  if (trimmed === "") return { customers: [], problems };
  const looksJson = trimmed.startsWith("{") || trimmed.startsWith("[");
  if (fileName.toLowerCase().endsWith(".csv") || !looksJson) return readCsv(trimmed);
  if (trimmed.startsWith("[")) {
    try {
      const parsed = parseExactJson(trimmed);
      if (!Array.isArray(parsed)) throw new Error("expected an array of customers");
      const customers: Customer[] = [];
      parsed.forEach((item, i) => {
        if (isObject(item)) customers.push(customer(customers.length, item, false));
        else problems.push({ line: i + 1, message: `item ${i + 1} is not an object of facts` });
      });
      return { customers, problems };
    } catch (error) {
      return { customers: [], problems: [{ line: 1, message: (error as Error).message }] };
    }
  }
  const customers: Customer[] = [];
  trimmed.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      const parsed = parseExactJson(line);
      if (isObject(parsed)) customers.push(customer(customers.length, parsed, false));
      else problems.push({ line: i + 1, message: "not an object of facts" });
    } catch (error) {
      problems.push({ line: i + 1, message: (error as Error).message });
    }
  });
  return { customers, problems };
}

function readCsv(text: string): ReadResult {
  // Every cell stays text: dynamic typing would turn amounts into binary floats.
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, dynamicTyping: false });
  const problems = parsed.errors.map((e) => ({ line: (e.row ?? 0) + 2, message: e.message }));
  const customers = parsed.data.map((row, i) => customer(i, { ...row }, true));
  return { customers, problems };
}

export function toCustomerInput(c: Customer): CustomerInput {
  return { facts: c.textual ? c.facts : toEngineFacts(c.facts), textual: c.textual };
}

/**
 * Facts to store with a test case. Stored cases are evaluated without the textual mode, so
 * CSV text becomes what it means: empty cells are dropped and the declared booleans become
 * true/false. Amounts stay decimal strings.
 */
export function factsForStorage(c: Customer, boolInputs: ReadonlySet<string>): Record<string, unknown> {
  if (!c.textual) return c.facts;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c.facts)) {
    if (value === "") continue;
    if (boolInputs.has(key) && (value === "true" || value === "false")) out[key] = value === "true";
    else out[key] = value;
  }
  return out;
}
