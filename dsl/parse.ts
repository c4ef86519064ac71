/** Source text → syntax tree + diagnostics (lexing and syntax errors, in policy words). */
import type { IRecognitionException, IToken, TokenType } from "chevrotain";
import type { RulesetAst } from "./ast.js";
import { type Diagnostic, type Span } from "./diagnostic.js";
import { policyParser, tokenSpan } from "./parser.js";
import { repairAst } from "./repair.js";
import * as T from "./tokens.js";

export interface ParseResult {
  ast: RulesetAst;
  diagnostics: Diagnostic[];
  tokens: IToken[];
}

const tokenWords = new Map<TokenType, string>([
  [T.NameLike, "a name"],
  [T.Identifier, "a name"],
  [T.NumberLiteral, "a number"],
  [T.StringLiteral, 'a "quoted text"'],
  [T.Comparison, "a comparison (<, <=, =, >=, >)"],
  [T.Arrow, '"->"'],
  [T.Colon, '":"'],
  [T.Comma, '","'],
  [T.LParen, '"("'],
  [T.RParen, '")"'],
  [T.LBracket, '"["'],
  [T.RBracket, '"]"'],
  [T.Pipe, '"|"'],
  [T.DoublePipe, '"||"'],
  [T.DotDot, '".."'],
  [T.Equal, '"="'],
]);

function describeExpected(tok: TokenType): string {
  const w = tokenWords.get(tok);
  if (w) return w;
  const pattern = tok.PATTERN;
  if (pattern instanceof RegExp && /^[a-z]+$/.test(pattern.source)) return `"${pattern.source}"`;
  return tok.name;
}

function describeFound(tok: IToken): string {
  if (tok.tokenType.name === "EOF") return "the end of the ruleset";
  return `"${tok.image}"`;
}

const ruleWords: Record<string, string> = {
  decl: "a declaration (input, let, scorecard, grade, cap, terms, warning, approval, table, output or test)",
  primary: "a value (a number, a name, a quoted text, true/false, ( … ) or if … then … else …)",
  unary: "a value",
  tableCell: 'a cell test (-, < 18, [100..120), "text", …)',
  unaryTest: 'a cell test (< 18, [100..120), "text", …)',
  typeRef: "a type (money, ratio, number, int, days, bool, text or one of (…))",
  bandRow: 'a band row ("<= 40% -> 100", "condition -> points" or "otherwise -> points")',
  route: 'an approval route ("level 1 when …: roles", "none when …" or "otherwise: roles")',
  termRow: 'a terms row ("A: 60 days, limit …")',
  gradeDecl: '"score" or "rules" after "grade by"',
};

function messageFor(e: IRecognitionException): string {
  const found = describeFound(e.token);
  const stack = e.context?.ruleStack ?? [];
  const rule = stack[stack.length - 1] ?? "";
  if (e.name === "MismatchedTokenException") {
    const m = /-->\s*(\w+)\s*<--/.exec(e.message);
    if (m && m[1] === "EOF") return `${found} cannot start a declaration here: expected ${ruleWords.decl}`;
    const expected = m ? [...T.allTokens].find((t) => t.name === m[1]) : undefined;
    const reserved = expected === T.NameLike && T.keywords.includes(e.token.image) ? ", a word of the language that cannot be a name: choose another name" : "";
    return `expected ${expected ? describeExpected(expected) : "something else"} but found ${found}${reserved}`;
  }
  if (e.name === "NotAllInputParsedException") {
    return `${found} cannot start a declaration here: expected ${ruleWords.decl}`;
  }
  if (e.name === "EarlyExitException" && rule === "gradeRule") {
    return `expected at least one condition ("CODE: condition") but found ${found}`;
  }
  const expressionRules = new Set(["expr", "andExpr", "notExpr", "comparison", "additive", "multiplicative", "postfix", "primary", "unary"]);
  const what = ruleWords[rule] ?? (expressionRules.has(rule) ? ruleWords.primary : "something else");
  return `expected ${what} but found ${found}`;
}

function spanOfToken(tok: IToken, previous: IToken | undefined, sourceLength: number): Span {
  const s = tokenSpan(tok);
  if (s.end > 0 || (tok.startOffset === 0 && tok.image.length > 0)) return s;
  // EOF or an inserted token: point just after the previous real token.
  const p = previous ? tokenSpan(previous) : undefined;
  if (p) return { line: p.endLine, column: p.endColumn, endLine: p.endLine, endColumn: p.endColumn + 1, start: p.end, end: Math.min(sourceLength, p.end + 1) };
  return s;
}

export function parse(source: string): ParseResult {
  const lexed = T.policyLexer.tokenize(source);
  const diagnostics: Diagnostic[] = [];
  /** Lines with a text missing its closing quote: the rest of such a line cannot be read. */
  const unclosed = new Set<number>();
  for (const e of lexed.errors) {
    const text = source.substr(e.offset, e.length);
    const quote = /^["“]$/.test(text);
    if (quote) unclosed.add(e.line ?? 1);
    diagnostics.push({
      code: "unexpected-character",
      severity: "error",
      message: quote ? `this text has no closing quote: end it with ${text === "“" ? "”" : '"'} on the same line` : `unexpected character${e.length > 1 ? "s" : ""} "${text}"`,
      span: { line: e.line ?? 1, column: e.column ?? 1, endLine: e.line ?? 1, endColumn: (e.column ?? 1) + e.length, start: e.offset, end: e.offset + e.length },
    });
  }
  const parser = policyParser();
  parser.lineStarts = new WeakSet();
  parser.issues = [];
  parser.collected = [];
  parser.header = { name: null, label: null };
  const tokens = lexed.tokens;
  for (let i = 1; i < tokens.length; i++) {
    if ((tokens[i].startLine ?? 0) > (tokens[i - 1].endLine ?? 0)) parser.lineStarts.add(tokens[i]);
  }
  parser.input = tokens;
  const ast = parser.ruleset();
  const byOffset = new Map<number, IToken>();
  tokens.forEach((t, i) => byOffset.set(t.startOffset, tokens[i - 1]));
  for (const e of parser.errors) {
    const previous = Number.isNaN(e.token.startOffset) ? tokens[tokens.length - 1] : byOffset.get(e.token.startOffset);
    // A token that opens a new line was not what the line before needed: point at that line's end.
    const atLineStart = parser.lineStarts.has(e.token) && previous !== undefined;
    const span = atLineStart ? spanOfToken({ ...e.token, startOffset: Number.NaN }, previous, source.length) : spanOfToken(e.token, previous, source.length);
    const stack = e.context?.ruleStack ?? [];
    // A row ending in "|" without "||" makes the next row look like more cells of this one.
    const rowWithoutOutputs = atLineStart && stack.includes("tableRow") && !stack.includes("expr") && e.token.tokenType === T.Pipe;
    const message = rowWithoutOutputs
      ? `this table row has no "||" between its input cells and its output cells`
      : atLineStart
        ? `${messageFor(e)} on the next line: the line ends too early`
        : messageFor(e);
    if (!unclosed.has(span.line)) diagnostics.push({ code: "syntax", severity: "error", message, span });
  }
  for (const issue of parser.issues) diagnostics.push({ code: issue.code, severity: "error", message: issue.message, span: issue.span });
  const comments = (lexed.groups.comments ?? []).map((c) => ({ text: c.image, span: tokenSpan(c) }));
  const result: RulesetAst = ast ?? {
    ...parser.header,
    decls: parser.collected,
    comments: [],
    span: { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: source.length },
  };
  result.comments = comments;
  return { ast: parser.errors.length > 0 ? repairAst(result) : result, diagnostics, tokens };
}
