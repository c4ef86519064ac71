/**
 * The policy language's tokens: the single source for the lexer, the parser, the formatter and
 * the editor's highlighting and completion. Order matters: longer operators before their
 * prefixes, keywords before Identifier (each keyword has `longer_alt: Identifier`).
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

/** What the editor colours a token as. */
export type TokenClass = "keyword" | "name" | "number" | "string" | "operator" | "punctuation" | "comment";

const classOf = new Map<TokenType, TokenClass>();

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\u3000\uFEFF]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /(?:\/\/|#)[^\n\r]*/, group: "comments" });
classOf.set(Comment, "comment");

// Letters of any script (Chinese labels and names are the norm), digits and underscores.
// Chevrotain drops the `u` flag of a RegExp pattern, so Unicode classes need a custom matcher.
const identifierPattern = /[\p{L}_][\p{L}\p{N}_]*/uy;
function matchIdentifier(text: string, offset: number): RegExpExecArray | null {
  identifierPattern.lastIndex = offset;
  return identifierPattern.exec(text);
}
export const Identifier = createToken({ name: "Identifier", pattern: { exec: matchIdentifier }, line_breaks: false });
classOf.set(Identifier, "name");

/** Tokens that may stand for a name in an expression: identifiers and the builtin names that are also keywords. */
export const NameLike = createToken({ name: "NameLike", pattern: Lexer.NA });

const keywordList: TokenType[] = [];
/** Keywords that are also valid names in expressions (grade, score, limit, term, from, contains). */
const softKeywords = new Set<string>();

function keyword(word: string, options: { soft?: boolean } = {}): TokenType {
  const name = word.charAt(0).toUpperCase() + word.slice(1).replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
  const tok = createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: options.soft ? [NameLike] : [],
  });
  if (options.soft) softKeywords.add(word);
  keywordList.push(tok);
  classOf.set(tok, "keyword");
  return tok;
}

export const Ruleset = keyword("ruleset");
export const Input = keyword("input");
export const Let = keyword("let");
export const Output = keyword("output");
export const Scorecard = keyword("scorecard");
export const Indicator = keyword("indicator");
export const Weight = keyword("weight");
export const Otherwise = keyword("otherwise");
export const Grades = keyword("grades");
export const Grade = keyword("grade", { soft: true });
export const Score = keyword("score", { soft: true });
export const Limit = keyword("limit", { soft: true });
export const Term = keyword("term", { soft: true });
export const Cap = keyword("cap");
export const At = keyword("at");
export const Terms = keyword("terms");
export const Override = keyword("override");
export const Round = keyword("round");
export const Warning = keyword("warning");
export const Approval = keyword("approval");
export const Level = keyword("level");
export const Least = keyword("least");
export const Exception = keyword("exception");
export const None = keyword("none");
export const Table = keyword("table");
export const Hit = keyword("hit");
export const Test = keyword("test");
export const Given = keyword("given");
export const Expect = keyword("expect");
export const Like = keyword("like");
export const When = keyword("when");
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");
export const True = keyword("true");
export const False = keyword("false");
export const By = keyword("by");
export const Of = keyword("of");
export const Any = keyword("any");
export const All = keyword("all");
export const On = keyword("on");
export const To = keyword("to");
export const In = keyword("in");
export const Signed = keyword("signed");
export const Days = keyword("days");
export const Day = keyword("day");
export const One = keyword("one");
// Condition rules with events (json-rules-engine interoperability).
export const Rule = keyword("rule");
export const Event = keyword("event");
export const From = keyword("from", { soft: true });
export const Contains = keyword("contains", { soft: true });

// Numbers: 3,000,000 or 3_000_000 or 12.5, with an optional suffix: % (÷100), 万 (×10⁴), 亿 (×10⁸).
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /(?:\d{1,3}(?:,\d{3})+|\d+(?:_\d+)*)(?:\.\d+(?:_\d+)*)?(?:%|万|亿)?/,
});
classOf.set(NumberLiteral, "number");
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n\r]|\\.)*"|“[^”\n\r]*”/ });
classOf.set(StringLiteral, "string");

function op(name: string, pattern: RegExp, cls: TokenClass = "operator", categories: TokenType[] = []): TokenType {
  const tok = createToken({ name, pattern, categories });
  classOf.set(tok, cls);
  return tok;
}

export const Comparison = createToken({ name: "Comparison", pattern: Lexer.NA });
export const Additive = createToken({ name: "Additive", pattern: Lexer.NA });
export const Multiplicative = createToken({ name: "Multiplicative", pattern: Lexer.NA });

export const Arrow = op("Arrow", /->|→/);
export const GreaterEqual = op("GreaterEqual", />=|≥/, "operator", [Comparison]);
export const LessEqual = op("LessEqual", /<=|≤/, "operator", [Comparison]);
export const NotEqual = op("NotEqual", /!=|≠|<>/, "operator", [Comparison]);
export const Equal = op("Equal", /==|=/, "operator", [Comparison]);
export const Less = op("Less", /</, "operator", [Comparison]);
export const Greater = op("Greater", />/, "operator", [Comparison]);
export const Plus = op("Plus", /\+/, "operator", [Additive]);
export const Minus = op("Minus", /-|−/, "operator", [Additive]);
export const Times = op("Times", /\*|×/, "operator", [Multiplicative]);
export const Divide = op("Divide", /\/|÷/, "operator", [Multiplicative]);
export const DoublePipe = op("DoublePipe", /\|\|/, "punctuation");
export const Pipe = op("Pipe", /\|/, "punctuation");
export const DotDot = op("DotDot", /\.\./, "punctuation");
export const Dot = op("Dot", /\./, "punctuation");
export const LParen = op("LParen", /\(/, "punctuation");
export const RParen = op("RParen", /\)/, "punctuation");
export const LBracket = op("LBracket", /\[/, "punctuation");
export const RBracket = op("RBracket", /\]/, "punctuation");
export const LBrace = op("LBrace", /\{/, "punctuation");
export const RBrace = op("RBrace", /\}/, "punctuation");
export const Comma = op("Comma", /,|，/, "punctuation");
export const Colon = op("Colon", /:|：/, "punctuation");

Identifier.CATEGORIES?.push(NameLike);

/** Every token, in lexing order. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  NameLike,
  Comparison,
  Additive,
  Multiplicative,
  Arrow,
  GreaterEqual,
  LessEqual,
  NotEqual,
  Equal,
  Less,
  Greater,
  NumberLiteral,
  StringLiteral,
  Plus,
  Minus,
  Times,
  Divide,
  DoublePipe,
  Pipe,
  DotDot,
  Dot,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  ...[...keywordList].sort((a, b) => (b.PATTERN as RegExp).source.length - (a.PATTERN as RegExp).source.length),
  Identifier,
];

/** The keywords, for completion. */
export const keywords: readonly string[] = keywordList.map((t) => (t.PATTERN as RegExp).source);

export function isSoftKeyword(word: string): boolean {
  return softKeywords.has(word);
}

export function tokenClass(type: TokenType): TokenClass {
  return classOf.get(type) ?? "punctuation";
}

export const policyLexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false, safeMode: true });
