/** The value types of the policy language and how units combine. */

export type Unit = "money" | "ratio" | "days" | "int" | "number" | "literal";

export type Type =
  | { k: "num"; unit: Unit }
  | { k: "bool" }
  | { k: "text"; values: string[] | null }
  | { k: "grade" }
  | { k: "list"; of: Type }
  | { k: "record"; fields: Array<[string, Type]> }
  /** Any JSON value (input type `json`): only tested, with json-rules-engine's semantics. */
  | { k: "json" }
  /** After an error: accepted everywhere so one mistake gives one diagnostic. */
  | { k: "unknown" };

export const UNKNOWN: Type = { k: "unknown" };
export const BOOL: Type = { k: "bool" };
export const GRADE: Type = { k: "grade" };
export const TEXT: Type = { k: "text", values: null };
export const JSON_VALUE: Type = { k: "json" };
export const num = (unit: Unit): Type => ({ k: "num", unit });

export function describe(t: Type): string {
  switch (t.k) {
    case "num":
      return t.unit === "literal" ? "a number" : t.unit === "int" ? "a whole number" : t.unit === "number" ? "a number" : t.unit === "days" ? "days" : t.unit;
    case "bool":
      return "true/false";
    case "text":
      return t.values ? `one of (${t.values.map((v) => `"${v}"`).join(", ")})` : "text";
    case "grade":
      return "a grade";
    case "list":
      return `a list of ${describe(t.of)}`;
    case "record":
      return `a row (${t.fields.map(([n]) => n).join(", ")})`;
    case "json":
      return "a JSON value";
    case "unknown":
      return "unknown";
  }
}

/** Unit of a sum/difference/comparison of a and b, or null when they do not mix. */
export function addUnits(a: Unit, b: Unit): Unit | null {
  if (a === b) return a;
  if (a === "literal") return b;
  if (b === "literal") return a;
  if (a === "money" || b === "money") return null;
  if (a === "days" || b === "days") return a === "ratio" || b === "ratio" ? null : "days";
  if (a === "ratio" || b === "ratio") return "ratio";
  return "number";
}

export function mulUnits(a: Unit, b: Unit): Unit | null {
  if (a === "money" && b === "money") return null;
  if (a === "money" || b === "money") return "money";
  if (a === "days" && b === "days") return null;
  if (a === "days" || b === "days") return "days";
  if (a === "literal" && b === "literal") return "literal";
  if (a === "int" && (b === "int" || b === "literal")) return "int";
  if (b === "int" && a === "literal") return "int";
  if (a === "ratio" || b === "ratio") return a === "ratio" && b === "ratio" ? "ratio" : a === "literal" || b === "literal" ? "ratio" : "number";
  return "number";
}

export function divUnits(a: Unit, b: Unit): Unit | null {
  if (b === "money") return a === "money" ? "ratio" : null;
  if (a === "money") return "money";
  if (b === "days") return a === "days" ? "ratio" : null;
  if (a === "days") return "days";
  if (a === "literal" && b === "literal") return "literal";
  return "ratio";
}

/** Whether a value of type `actual` may stand where `expected` is wanted (defaults, outputs of tables). */
export function assignable(expected: Type, actual: Type): boolean {
  if (expected.k === "unknown" || actual.k === "unknown") return true;
  if (expected.k !== actual.k) return false;
  if (expected.k === "num" && actual.k === "num") return addUnits(expected.unit, actual.unit) !== null;
  if (expected.k === "list" && actual.k === "list") return assignable(expected.of, actual.of);
  return true;
}

/** The common type of two branches (if/else, table outputs), or null. */
export function unify(a: Type, b: Type): Type | null {
  if (a.k === "unknown") return b;
  if (b.k === "unknown") return a;
  if (a.k === "json" || b.k === "json") return a.k === "json" ? a : b;
  if (a.k === "num" && b.k === "num") {
    const u = addUnits(a.unit, b.unit);
    return u ? num(u) : null;
  }
  if (a.k === "list" && b.k === "list") {
    if (a.of.k === "unknown") return b;
    if (b.of.k === "unknown") return a;
    const of = unify(a.of, b.of);
    return of ? { k: "list", of } : null;
  }
  if (a.k === "text" && b.k === "text") return TEXT;
  if (a.k !== b.k) return null;
  return a;
}
