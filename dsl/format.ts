/**
 * The canonical layout of a ruleset: two spaces per level of indentation, single spaces around
 * operators and after commas and colons, none inside brackets or before a call's parenthesis,
 * no trailing spaces, at most one blank line in a row, one final newline.
 *
 * What it keeps: the words, their order and their lines (rows of the language are lines, so
 * moving text between lines could change meaning), comments, and runs of two or more spaces
 * between words — those are the author's column alignment (inputs, caps, table columns).
 * Formatting never changes what a ruleset means, and formatting twice changes nothing.
 */
import "./object-group-by.js";
import type { IToken, TokenType } from "chevrotain";
import * as T from "./tokens.js";

const OPENERS = new Set<TokenType>([T.LParen, T.LBracket, T.LBrace]);
const CLOSERS = new Set<TokenType>([T.RParen, T.RBracket, T.RBrace]);
/** Tokens after which a minus sign is a sign, not a subtraction. */
const BEFORE_UNARY = new Set<TokenType>([T.LParen, T.LBracket, T.Comma, T.Colon, T.Arrow, T.GreaterEqual, T.LessEqual, T.NotEqual, T.Equal, T.Less, T.Greater, T.Plus, T.Minus, T.Times, T.Divide, T.DotDot]);

const NO_SPACE_BEFORE = new Set<TokenType>([T.Comma, T.Colon, T.RParen, T.RBracket, T.RBrace, T.Dot, T.DotDot]);

function isWord(t: TokenType): boolean {
  return T.tokenClass(t) === "keyword" || t === T.Identifier || t === T.NumberLiteral || t === T.StringLiteral;
}

interface LineToken {
  image: string;
  type: TokenType;
  start: number;
  end: number;
}

function lineTokens(line: string): LineToken[] | null {
  const lexed = T.policyLexer.tokenize(line);
  // A line the lexer cannot read is left exactly as written.
  if (lexed.errors.length > 0) return null;
  const all: IToken[] = [...lexed.tokens, ...(lexed.groups.comments ?? [])];
  return all
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((t) => ({ image: t.image, type: t.tokenType, start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 }));
}

function spaceBetween(prev: LineToken, next: LineToken, prevPrev: LineToken | undefined, first: LineToken, originalGap: string): string {
  if (next.type === T.Comment) return originalGap.length > 0 ? originalGap : " ";
  // Column alignment between words is the author's choice.
  if (originalGap.length >= 2 && (isWord(prev.type) || CLOSERS.has(prev.type)) && !NO_SPACE_BEFORE.has(next.type)) return originalGap;
  if (OPENERS.has(prev.type) || CLOSERS.has(next.type)) return "";
  if (next.type === T.Comma || next.type === T.Colon) return "";
  if (prev.type === T.Dot || next.type === T.Dot || prev.type === T.DotDot || next.type === T.DotDot) return "";
  // A call: a name directly followed by its argument list.
  if (next.type === T.LParen && prev.type === T.Identifier && originalGap === "") return "";
  // `ruleset trading-standard`: the hyphen belongs to the name.
  if (first.type === T.Ruleset && (prev.type === T.Minus || next.type === T.Minus) && originalGap === "") return "";
  // A sign: `-5%` after an operator, a bracket, a comma or at the start of a row.
  if (prev.type === T.Minus && (prevPrev === undefined || BEFORE_UNARY.has(prevPrev.type) || T.tokenClass(prevPrev.type) === "keyword") && originalGap === "") return "";
  return " ";
}

function formatLine(line: string, indent: string): string {
  const body = line.trim();
  if (body === "") return "";
  const tokens = lineTokens(body);
  // Table rows keep their spacing: their columns are aligned by hand.
  if (tokens === null || tokens[0].type === T.Pipe || tokens[0].type === T.DoublePipe) return indent + body.replace(/\s+$/, "");
  let out = tokens[0].image;
  for (let i = 1; i < tokens.length; i++) {
    const gap = body.slice(tokens[i - 1].end, tokens[i].start);
    out += spaceBetween(tokens[i - 1], tokens[i], tokens[i - 2], tokens[0], gap) + tokens[i].image;
  }
  // Removing a space can join two tokens (`1 ,000` would become the number `1,000`): such a
  // line keeps its own spacing.
  const again = lineTokens(out);
  const same = again !== null && again.length === tokens.length && again.every((t, i) => t.image === tokens[i].image);
  return indent + (same ? out : body);
}

export function formatSource(source: string): string {
  const lines = source.replace(/\r\n?/g, "\n").replace(/\t/g, "  ").split("\n");
  // Levels from the original indentation: deeper than the line above opens a level, the
  // same width returns to it. Widths that match no open level join the nearest one above.
  const stack: number[] = [0];
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === "") {
      if (out.length > 0 && out[out.length - 1] !== "") out.push("");
      continue;
    }
    const width = line.length - line.trimStart().length;
    while (stack.length > 1 && width < stack[stack.length - 1]) stack.pop();
    if (width > stack[stack.length - 1]) stack.push(width);
    out.push(formatLine(line, "  ".repeat(stack.length - 1)));
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out.join("\n") + "\n";
}
