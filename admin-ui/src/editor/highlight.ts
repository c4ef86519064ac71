/**
 * Highlighting from the language's own lexer: each line is lexed with the policy lexer and
 * every token is coloured by its token class. There is no second grammar to drift.
 */
import "../../../dsl/object-group-by.js";
import { policyLexer, tokenClass } from "../../../dsl/tokens.js";

export interface LineToken {
  startIndex: number;
  scope: string;
}

const scopeOf: Record<string, string> = {
  keyword: "keyword",
  name: "identifier",
  number: "number",
  string: "string",
  operator: "operator",
  punctuation: "delimiter",
  comment: "comment",
};

/**
 * Tokens of one line. Comments and quoted text never span lines in this language, so a line
 * can be lexed on its own and the tokenizer needs no state between lines.
 */
export function tokenizeLine(line: string): LineToken[] {
  const lexed = policyLexer.tokenize(line);
  const found: LineToken[] = [];
  for (const t of lexed.tokens) found.push({ startIndex: t.startOffset, scope: scopeOf[tokenClass(t.tokenType)] ?? "delimiter" });
  for (const c of lexed.groups.comments ?? []) found.push({ startIndex: c.startOffset, scope: "comment" });
  for (const e of lexed.errors) found.push({ startIndex: e.offset, scope: "invalid" });
  found.sort((a, b) => a.startIndex - b.startIndex);
  // Monaco colours from each start to the next; whitespace between tokens gets a plain scope.
  const out: LineToken[] = [];
  let end = 0;
  const ends = new Map<number, number>();
  for (const t of lexed.tokens) ends.set(t.startOffset, (t.endOffset ?? t.startOffset) + 1);
  for (const c of lexed.groups.comments ?? []) ends.set(c.startOffset, (c.endOffset ?? c.startOffset) + 1);
  for (const e of lexed.errors) ends.set(e.offset, e.offset + e.length);
  for (const t of found) {
    if (t.startIndex > end) out.push({ startIndex: end, scope: "" });
    out.push(t);
    end = ends.get(t.startIndex) ?? t.startIndex + 1;
  }
  if (end < line.length) out.push({ startIndex: end, scope: "" });
  return out;
}
