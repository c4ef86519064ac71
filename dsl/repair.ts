/**
 * After a syntax error, recovery can leave holes in the tree (a weight that was never read, a
 * cell that was skipped). The checker must see a whole tree: a missing value becomes an error
 * node (checked as "unknown", no second message), a missing list item is dropped, and a
 * declaration missing its name is dropped (its syntax error is already reported).
 */
import type { Decl, RulesetAst } from "./ast.js";
import type { Span } from "./diagnostic.js";

/** Fields holding names rather than values: a hole there cannot be checked. */
const NAME_FIELDS = new Set(["name", "code", "grade", "severity", "action", "callee"]);

type Node = Record<string, unknown>;

function isSpan(x: unknown): x is Span {
  return !!x && typeof x === "object" && typeof (x as Span).start === "number" && typeof (x as Span).line === "number";
}

/** Fills holes in place; false when a name is missing. */
function fill(node: Node, span: Span): boolean {
  let whole = true;
  const here = isSpan(node.span) ? node.span : span;
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined) {
      if (NAME_FIELDS.has(key)) whole = false;
      else node[key] = { kind: "error", span: here };
    } else if (Array.isArray(value)) {
      const kept = value.filter((v) => v !== undefined && v !== null);
      node[key] = kept;
      for (const item of kept) if (typeof item === "object" && !isSpan(item)) whole = fill(item as Node, here) && whole;
    } else if (value && typeof value === "object" && !isSpan(value)) {
      whole = fill(value as Node, here) && whole;
    }
  }
  return whole;
}

export function repairAst(ast: RulesetAst): RulesetAst {
  const decls: Decl[] = [];
  for (const d of ast.decls) {
    if (d && fill(d as unknown as Node, d.span ?? ast.span)) decls.push(d);
  }
  return { ...ast, decls };
}
