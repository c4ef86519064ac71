/**
 * The canonical layout of a ruleset (`credit-rules fmt`, the editor's "format document").
 *
 * Layout rules (docs/cli.md, "fmt"):
 * - one declaration per line; indicators, terms rows, routes and table rows indented by two
 *   spaces, band rows, grade conditions and test lines by four;
 * - consecutive `input` lines (and consecutive `cap` lines) form a block aligned in columns;
 *   a blank line ends the block. Table pipes are aligned. Widths count CJK characters as two;
 * - operators, number literals, names and labels keep the author's spelling (`×` or `*`, `≥` or
 *   `>=`, `->` or `→`, `3,000,000` or `300万`); punctuation is ASCII (`,` `:` `"…"`), `given`
 *   entries use `=`; parentheses appear where the grammar needs them, and around an `and`
 *   inside an `or`;
 * - a long warning condition goes on its own line after `when` (a grade condition's after `:`), and
 *   a long `let`/`output` on its own line after `=`, with `else if` chains one branch per line —
 *   when the author broke the line there, or when the line would pass 130 columns;
 * - `given`/`expect` entries keep the author's grouping into lines;
 * - comments stay with the declaration or row they precede or end, blank lines between
 *   declarations and rows are kept (at most one in a row).
 */
import type {
  ApprovalDecl,
  BandRow,
  Decl,
  EventParam,
  Expr,
  GradeByRules,
  GradeByScore,
  IndicatorDecl,
  InputDecl,
  RulesetAst,
  TableDecl,
  TermsDecl,
  TestDecl,
  UnaryTest,
} from "./ast.js";
import { type Diagnostic, hasErrors, type Span } from "./diagnostic.js";
import { parse } from "./parse.js";

export interface FormatResult {
  /** null when the source has syntax errors: a broken ruleset is never reformatted. */
  text: string | null;
  diagnostics: Diagnostic[];
}

const WIDTH = 130;

export function formatSource(source: string): FormatResult {
  const parsed = parse(source);
  if (hasErrors(parsed.diagnostics)) return { text: null, diagnostics: parsed.diagnostics };
  const tokenEnds = parsed.tokens.map((t) => ({ start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 }));
  return { text: new Printer(source, parsed.ast, tokenEnds).print(), diagnostics: parsed.diagnostics };
}

/** Display width: East Asian wide characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000
        ? 2
        : 1;
  }
  return w;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

export function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}

const label = (l: string | null) => (l === null ? "" : ` ${quote(l)}`);

// Precedence levels of the grammar, loosest first.
const OR = 1;
const AND = 2;
const NOT = 3;
const CMP = 4;
const ADD = 5;
const MUL = 6;
const UNARY = 7;
const POSTFIX = 8;
const PRIMARY = 9;

function precedence(e: Expr): number {
  switch (e.kind) {
    case "binary":
      if (e.op === "or") return OR;
      if (e.op === "and") return AND;
      if (e.op === "+" || e.op === "-") return ADD;
      if (e.op === "*" || e.op === "/") return MUL;
      return CMP;
    case "unary":
      return e.op === "not" ? NOT : UNARY;
    case "match":
      return CMP;
    case "member":
      return POSTFIX;
    // `if … else x` takes everything after it: as an operand it needs parentheses.
    case "if":
      return 0;
    default:
      return PRIMARY;
  }
}

interface Unit {
  /** Offsets of the unit's own text in the source (a block's header only, not its rows). */
  start: number;
  end: number;
  indent: string;
  lines: string[];
}

class Printer {
  private out: string[] = [];
  private comments: Array<{ text: string; span: Span; done: boolean }>;
  private blankBefore: number[];
  private lineStarts: number[];
  private lastLine = 0;

  constructor(
    private readonly src: string,
    private readonly ast: RulesetAst,
    private readonly tokens: Array<{ start: number; end: number }>,
  ) {
    this.comments = ast.comments.map((c) => ({ text: c.text.trimEnd(), span: c.span, done: false }));
    const lines = src.split("\n");
    this.lineStarts = [];
    let offset = 0;
    for (const l of lines) {
      this.lineStarts.push(offset);
      offset += l.length + 1;
    }
    // blankBefore[i] = number of whitespace-only lines among lines 1..i (1-based).
    this.blankBefore = [0];
    lines.forEach((l, i) => this.blankBefore.push(this.blankBefore[i] + (l.trim() === "" ? 1 : 0)));
  }

  print(): string {
    const a = this.ast;
    if (a.name) this.emit({ start: a.span.start, end: this.tokenEndBefore(a.decls[0]?.span.start ?? this.src.length), indent: "", lines: [`ruleset ${a.name.text}${label(a.label)}`] });
    const decls = a.decls;
    for (let i = 0; i < decls.length; i++) {
      const d = decls[i];
      if (d.kind === "input" || d.kind === "cap") {
        let j = i + 1;
        while (j < decls.length && decls[j].kind === d.kind && !this.blankBetween(decls[j - 1].span.endLine, decls[j].span.line)) j++;
        if (d.kind === "input") this.inputs(decls.slice(i, j) as InputDecl[]);
        else this.caps(decls.slice(i, j) as Extract<Decl, { kind: "cap" }>[]);
        i = j - 1;
      } else this.decl(d);
    }
    this.flushComments(Number.POSITIVE_INFINITY, "");
    return `${this.out.join("\n").replace(/\n+$/, "")}\n`;
  }

  // ── Layout machinery ──────────────────────────────────────────────────────

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private blankBetween(afterLine: number, beforeLine: number): boolean {
    if (beforeLine - afterLine < 2) return false;
    return this.blankBefore[beforeLine - 1] - this.blankBefore[afterLine] > 0;
  }

  /** The end of the last token that starts before `offset`: where a block's header ends. */
  private tokenEndBefore(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length - 1;
    let best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].start < offset) {
        best = this.tokens[mid].end;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  private startLine(line: number): void {
    if (this.lastLine > 0 && this.blankBetween(this.lastLine, line) && this.out.length > 0 && this.out[this.out.length - 1] !== "") this.out.push("");
  }

  /** Comments that start before `offset` go out first, as lines of their own. */
  private flushComments(offset: number, indent: string): void {
    for (const c of this.comments) {
      if (c.done || c.span.start >= offset) continue;
      c.done = true;
      this.startLine(c.span.line);
      this.out.push(indent + c.text);
      this.lastLine = Math.max(this.lastLine, c.span.line);
    }
  }

  private emit(u: Unit): void {
    this.flushComments(u.end, u.indent);
    const line = this.lineOf(u.start);
    const endLine = this.lineOf(Math.max(u.start, u.end - 1));
    this.startLine(line);
    const lines = u.lines.map((l) => (u.indent + l).trimEnd());
    const trailing = this.comments.find((c) => !c.done && c.span.line === endLine && c.span.start >= u.end);
    if (trailing) {
      trailing.done = true;
      lines[lines.length - 1] += ` ${trailing.text}`;
    }
    this.out.push(...lines);
    this.lastLine = Math.max(this.lastLine, endLine);
  }

  /** Did the author start `later` on a line after `earlier`? */
  private broke(earlier: Span | number, later: Span): boolean {
    const a = typeof earlier === "number" ? this.lineOf(earlier) : earlier.line;
    return later.line > a;
  }

  private text(span: Span): string {
    return this.src.slice(span.start, span.end);
  }

  // ── Declarations ──────────────────────────────────────────────────────────

  private decl(d: Decl): void {
    switch (d.kind) {
      case "input":
        return this.inputs([d]);
      case "cap":
        return this.caps([d]);
      case "let":
      case "output": {
        const head = `${d.kind} ${d.name.text}${label(d.label)} =`;
        const guard = d.kind === "let" && d.guard ? d.guard : null;
        const oneLine = `${head} ${this.expr(d.expr)}${guard ? ` when ${this.expr(guard)}` : ""}`;
        if (!this.broke(d.name.span, d.expr.span) && displayWidth(oneLine) <= WIDTH) return this.emit(this.unit(d.span, "", [oneLine]));
        const body = this.chain(d.expr).map((l) => `  ${l}`);
        if (guard) body.push(`  when ${this.expr(guard)}`);
        return this.emit(this.unit(d.span, "", [head, ...body]));
      }
      case "scorecard": {
        const first = d.indicators[0]?.span.start ?? d.span.end;
        this.emit({ start: d.span.start, end: this.tokenEndBefore(first), indent: "", lines: [`scorecard${label(d.label)}`] });
        for (const ind of d.indicators) this.indicator(ind);
        return;
      }
      case "grades":
        return this.emit(this.unit(d.span, "", [`grades ${d.names.map((n) => n.text).join(", ")}`]));
      case "gradeByScore":
        return this.gradeByScore(d);
      case "gradeByRules":
        return this.gradeByRules(d);
      case "terms":
        return this.terms(d);
      case "warning": {
        const head = `warning ${d.code.text}${label(d.label)} ${d.severity.text} ${d.action.text}`;
        return this.emit(this.unit(d.span, "", this.when(head, d.cond, d.action.span, "  ")));
      }
      case "approval":
        return this.approval(d);
      case "table":
        return this.table(d);
      case "test":
        return this.test(d);
      case "rule": {
        const head = `rule ${d.code.text}${label(d.label)}${d.priority ? ` priority ${d.priority.value}` : ""}`;
        const event = `event ${quote(d.event.type)}${d.event.params ? ` ${this.param(d.event.params)}` : ""}`;
        const c = this.expr(d.cond);
        const one = `${head} when ${c} ${event}`;
        if (!this.broke(d.code.span, d.cond.span) && !this.broke(d.cond.span.end, d.event.typeSpan) && displayWidth(one) <= WIDTH) return this.emit(this.unit(d.span, "", [one]));
        return this.emit(this.unit(d.span, "", [head, `  when ${c}`, `  ${event}`]));
      }
    }
  }

  /** Event params as written: `{ key: value, … }`, keys quoted when they are not plain names. */
  private param(p: EventParam): string {
    switch (p.kind) {
      case "null":
        return "none";
      case "value":
        return this.expr(p.expr);
      case "array":
        return `[${p.items.map((i) => this.param(i)).join(", ")}]`;
      case "object":
        if (p.entries.length === 0) return "{}";
        return `{ ${p.entries.map((e) => `${/^[\p{L}_][\p{L}\p{N}_]*$/u.test(e.key) ? e.key : quote(e.key)}: ${this.param(e.value)}`).join(", ")} }`;
    }
  }

  private unit(span: Span, indent: string, lines: string[]): Unit {
    return { start: span.start, end: span.end, indent, lines };
  }

  /** `head when cond`, or the condition on its own line when the author put it there or it is long. */
  private when(head: string, cond: Expr, before: Span, indent: string): string[] {
    const c = this.expr(cond);
    const one = `${head} when ${c}`;
    if (!this.broke(before, cond.span) && displayWidth(one) <= WIDTH) return [one];
    return [head, `${indent}when ${c}`];
  }

  /** An expression on lines of its own: an `else if` chain gets one branch per line. */
  private chain(e: Expr): string[] {
    if (e.kind !== "if" || e.else.kind !== "if") return [this.expr(e)];
    const lines = [`if ${this.expr(e.cond)} then ${this.expr(e.then)}`];
    let rest: Expr = e.else;
    while (rest.kind === "if") {
      lines.push(`else if ${this.expr(rest.cond)} then ${this.expr(rest.then)}`);
      rest = rest.else;
    }
    lines.push(`else ${this.expr(rest)}`);
    return lines;
  }

  private inputs(group: InputDecl[]): void {
    const rows = group.map((d) => {
      const type = d.type.name === "enum" ? `one of (${d.type.values.map((v) => this.text(v.span)).join(", ")})` : this.text(d.type.span);
      const rest: string[] = [];
      if (d.signed) rest.push("signed");
      if (d.default) rest.push(`= ${this.expr(d.default)}`);
      if (d.range) rest.push(`in ${this.expr(d.range.low, ADD)}..${this.expr(d.range.high, ADD)}`);
      if (d.path) rest.push(`from ${quote(d.path.text)}`);
      if (d.label !== null) rest.push(quote(d.label));
      return [`input ${d.name.text}`, type, rest.join(" ")];
    });
    this.columns(group, rows);
  }

  private caps(group: Extract<Decl, { kind: "cap" }>[]): void {
    const rows = group.map((d) => [`cap ${d.code.text}`, d.label === null ? "" : quote(d.label), `at ${d.grade.text} when ${this.expr(d.cond)}`]);
    this.columns(group, rows);
  }

  /** One line per declaration, columns padded to the widest cell of the block. */
  private columns(group: Array<{ span: Span }>, rows: string[][]): void {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => displayWidth(r[c]))));
    group.forEach((d, i) => {
      const cells = rows[i];
      let line = "";
      cells.forEach((cell, c) => {
        if (widths[c] === 0) return;
        line += c === cells.length - 1 ? cell : `${pad(cell, widths[c])} `;
      });
      this.emit(this.unit(d.span, "", [line]));
    });
  }

  private indicator(ind: IndicatorDecl): void {
    const value = ind.expr ? ` = ${this.expr(ind.expr)}` : "";
    const first = ind.rows[0]?.span.start ?? ind.span.end;
    this.emit({ start: ind.span.start, end: this.tokenEndBefore(first), indent: "  ", lines: [`indicator ${ind.name.text}${label(ind.label)}${value} weight ${this.expr(ind.weight, ADD)}`] });
    for (const row of ind.rows) this.emit(this.unit(row.span, "    ", [this.bandRow(row)]));
  }

  private bandRow(row: BandRow): string {
    const between = this.src.slice(row.cond ? row.cond.span.end : row.span.start, row.points.span.start);
    const arrow = between.includes("→") ? "→" : "->";
    const points = this.expr(row.points);
    if (row.cond === null) return `otherwise ${arrow} ${points}`;
    const c = row.cond;
    if (c.kind === "binary" && c.left.kind === "subject") return `${this.text(c.opSpan)} ${this.expr(c.right, ADD)} ${arrow} ${points}`;
    return `${this.expr(c)} ${arrow} ${points}`;
  }

  private gradeByScore(d: GradeByScore): void {
    const parts = d.thresholds.map((t) => {
      const op = this.src.slice(t.grade.span.end, t.min.span.start).trim();
      return `${t.grade.text} ${op} ${this.expr(t.min, ADD)}`;
    });
    if (d.otherwise) parts.push(`otherwise ${d.otherwise.text}`);
    this.emit(this.unit(d.span, "", [`grade by score: ${parts.join(", ")}`]));
  }

  private gradeByRules(d: GradeByRules): void {
    const first = d.rules[0]?.span.start ?? d.otherwise?.span.start ?? d.span.end;
    this.emit({ start: d.span.start, end: this.tokenEndBefore(first), indent: "", lines: ["grade by rules"] });
    for (const r of d.rules) {
      const firstCond = r.conditions[0]?.span.start ?? r.span.end;
      this.emit({ start: r.span.start, end: this.tokenEndBefore(firstCond), indent: "  ", lines: [`${r.grade.text} when ${r.mode} of`] });
      const codeWidth = Math.max(0, ...r.conditions.filter((c) => c.label !== null).map((c) => displayWidth(c.code.text)));
      for (const c of r.conditions) {
        const head = c.label === null ? `${c.code.text}:` : `${pad(c.code.text, codeWidth)} ${quote(c.label)}:`;
        const cond = this.expr(c.cond);
        const one = `${head} ${cond}`;
        const lines = !this.broke(c.code.span, c.cond.span) && displayWidth(`    ${one}`) <= WIDTH ? [one] : [head, `  ${cond}`];
        this.emit(this.unit(c.span, "    ", lines));
      }
    }
    if (d.otherwise) this.emit(this.unit(this.otherwiseSpan(d.otherwise.span), "  ", [`otherwise ${d.otherwise.text}`]));
  }

  /** The span from the `otherwise` keyword before a name to the name. */
  private otherwiseSpan(name: Span): Span {
    const at = this.src.lastIndexOf("otherwise", name.start);
    return { ...name, start: at >= 0 ? at : name.start };
  }

  private terms(d: TermsDecl): void {
    const firsts = [...d.rows.map((r) => r.span.start), d.rounding?.span.start, d.atLeast?.span.start].filter((x): x is number => x !== undefined);
    const first = firsts.length ? Math.min(...firsts) : d.span.end;
    this.emit({ start: d.span.start, end: this.tokenEndBefore(first), indent: "", lines: ["terms by grade"] });
    for (const r of d.rows) {
      const head = r.override ? `override when ${this.expr(r.guard!)}` : r.grade === null ? "otherwise" : `${r.grade.text}${r.guard ? ` when ${this.expr(r.guard)}` : ""}`;
      this.emit(this.unit(r.span, "  ", [`${head}: ${this.expr(r.days)}, limit ${this.expr(r.limit)}${label(r.label)}`]));
    }
    if (d.rounding) this.emit(this.unit(d.rounding.span, "  ", [`round limit ${d.rounding.mode} to ${this.expr(d.rounding.step, ADD)}`]));
    if (d.atLeast) {
      const at = this.src.lastIndexOf("limit", d.atLeast.span.start);
      this.emit(this.unit({ ...d.atLeast.span, start: at >= 0 ? at : d.atLeast.span.start }, "  ", [`limit at least ${this.expr(d.atLeast, ADD)}`]));
    }
  }

  private approval(d: ApprovalDecl): void {
    const first = d.routes[0]?.span.start ?? d.exception?.span.start ?? d.span.end;
    this.emit({ start: d.span.start, end: this.tokenEndBefore(first), indent: "", lines: [`approval${d.by ? ` by ${this.expr(d.by)}` : ""}`] });
    for (const r of d.routes) {
      let line: string;
      if (r.none && r.level === null && r.cond !== null) line = `none when ${this.expr(r.cond)}`;
      else {
        const level = r.level ? `level ${r.level.value} ` : "";
        const cond = r.cond ? `when ${this.expr(r.cond)}` : "otherwise";
        line = `${level}${cond}: ${r.none ? "none" : r.chain.map((n) => n.text).join(", ")}`;
      }
      this.emit(this.unit(r.span, "  ", [line]));
    }
    const x = d.exception;
    if (x) {
      const parts: string[] = [];
      if (x.atLeast) parts.push(`at least level ${x.atLeast.value}`);
      if (x.then.length) parts.push(`then ${x.then.map((n) => n.text).join(", ")}`);
      this.emit(this.unit(x.span, "  ", [`on exception when ${this.expr(x.cond)}:${parts.length ? ` ${parts.join(", ")}` : ""}`]));
    }
  }

  private table(d: TableDecl): void {
    const hit = d.aggregation ? `${d.hit} ${d.aggregation}` : d.hit;
    const headerStart = this.src.indexOf("|", d.hitSpan.end);
    this.emit({ start: d.span.start, end: d.hitSpan.end, indent: "", lines: [`table ${d.name.text}${label(d.label)} hit ${hit}`] });
    const header = [
      ...d.inputs.map((e) => this.expr(e)),
      ...d.outputs.map((o) => `${o.name.text}${o.order.length ? ` in (${o.order.map((v) => this.expr(v)).join(", ")})` : ""}`),
    ];
    const rows = d.rows.map((r) => [...r.cells.map((c) => (c.tests.length ? c.tests.map((t) => this.unaryTest(t)).join(", ") : "-")), ...r.outputs.map((e) => this.expr(e))]);
    const all = [header, ...rows];
    const columns = Math.max(...all.map((r) => r.length));
    const widths = Array.from({ length: columns }, (_, c) => Math.max(...all.map((r) => (r[c] === undefined ? 0 : displayWidth(r[c])))));
    const inputs = d.inputs.length;
    const line = (cells: string[], inputCount: number) =>
      `| ${cells.map((c, i) => pad(c, widths[i]) + (i === cells.length - 1 ? " |" : i === inputCount - 1 ? " ||" : " |")).join(" ")}`;
    const firstRow = d.rows[0]?.span.start ?? d.span.end;
    this.emit({ start: headerStart >= 0 ? headerStart : d.hitSpan.end, end: this.tokenEndBefore(firstRow), indent: "  ", lines: [line(header, inputs)] });
    d.rows.forEach((r, i) => this.emit(this.unit(r.span, "  ", [line(rows[i], r.cells.length)])));
  }

  private unaryTest(t: UnaryTest): string {
    switch (t.kind) {
      case "compare": {
        const written = /^(>=|<=|!=|==|<>|≥|≤|≠|=|<|>)/.exec(this.src.slice(t.span.start, t.span.start + 2));
        const value = this.expr(t.value, ADD);
        return written ? `${written[1]} ${value}` : t.op === "=" ? value : `${t.op} ${value}`;
      }
      case "range":
        return `${t.lowInclusive ? "[" : "("}${this.expr(t.low, ADD)}..${this.expr(t.high, ADD)}${t.highInclusive ? "]" : ")"}`;
      case "not":
        return `not(${t.tests.map((x) => this.unaryTest(x)).join(", ")})`;
    }
  }

  private test(d: TestDecl): void {
    const head = `test ${quote(d.name.text)}${d.like ? ` like ${quote(d.like.text)}` : ""}`;
    const headEnd = (d.like ?? d.name).span.end;
    const givenAt = d.given.length ? this.keywordBefore("given", d.given[0].name.span.start) : -1;
    const expectAt = this.keywordBefore("expect", d.expects[0]?.span.start ?? d.span.end);
    this.emit({ start: d.span.start, end: headEnd, indent: "", lines: [head] });
    if (givenAt >= 0) this.block("given", givenAt, d.given.map((g) => ({ span: { ...g.name.span, end: g.value.span.end, endLine: g.value.span.endLine }, text: `${g.name.text} = ${this.expr(g.value)}` })));
    else if (this.src.slice(headEnd, expectAt).includes("given")) {
      const at = this.keywordBefore("given", expectAt);
      this.emit({ start: at, end: at + 5, indent: "  ", lines: ["given"] });
    }
    this.block("expect", expectAt, d.expects.map((e) => ({ span: e.span, text: this.expr(e) })));
  }

  private keywordBefore(word: string, offset: number): number {
    return this.src.lastIndexOf(word, offset);
  }

  /** `given …` / `expect …`: on the keyword's line when the author wrote them there, else one line per source line. */
  private block(keyword: string, at: number, entries: Array<{ span: Span; text: string }>): void {
    const keywordLine = this.lineOf(at);
    if (entries.length > 0 && entries.every((e) => e.span.line === keywordLine && e.span.endLine === keywordLine)) {
      this.emit({ start: at, end: entries[entries.length - 1].span.end, indent: "  ", lines: [`${keyword} ${entries.map((e) => e.text).join(", ")}`] });
      return;
    }
    this.emit({ start: at, end: at + keyword.length, indent: "  ", lines: [keyword] });
    let i = 0;
    while (i < entries.length) {
      let j = i + 1;
      while (j < entries.length && entries[j].span.line === entries[j - 1].span.endLine) j++;
      const group = entries.slice(i, j);
      this.emit({ start: group[0].span.start, end: group[group.length - 1].span.end, indent: "    ", lines: [group.map((e) => e.text).join(", ")] });
      i = j;
    }
  }

  // ── Expressions ───────────────────────────────────────────────────────────

  /** The expression's text; parenthesised when its precedence is below `min`. */
  private expr(e: Expr, min = 0): string {
    const s = this.bare(e);
    return precedence(e) < min ? `(${s})` : s;
  }

  private bare(e: Expr): string {
    switch (e.kind) {
      case "number": {
        if (e.unit === null) return e.text;
        const written = this.src.slice(e.span.start, e.span.end);
        return `${e.text} ${/\bdays\b/.test(written) ? "days" : "day"}`;
      }
      case "string":
        return quote(e.value);
      case "bool":
        return e.value ? "true" : "false";
      case "null":
        return "none";
      case "name":
        return e.name;
      case "subject":
        return "";
      case "member":
        return `${this.expr(e.object, POSTFIX)}.${e.name.text}`;
      case "unary":
        return e.op === "not" ? `not ${this.expr(e.operand, NOT)}` : `${this.minusOf(e)}${this.expr(e.operand, UNARY)}`;
      case "binary": {
        const p = precedence(e);
        // Left-associative: a right operand of the same level keeps its parentheses; comparisons do not chain.
        // `and` inside `or` keeps parentheses: the grammar does not need them, readers do.
        const grouped = (x: Expr) => e.op === "or" && x.kind === "binary" && x.op === "and";
        const left = grouped(e.left) ? `(${this.bare(e.left)})` : this.expr(e.left, p === CMP ? CMP + 1 : p);
        const right = grouped(e.right) ? `(${this.bare(e.right)})` : this.expr(e.right, p + 1);
        return `${left} ${this.text(e.opSpan)} ${right}`;
      }
      case "if":
        return `if ${this.expr(e.cond)} then ${this.expr(e.then)} else ${this.expr(e.else)}`;
      case "call":
        return `${e.callee.text}(${e.args.map((a) => this.expr(a)).join(", ")})`;
      case "list":
        return `[${e.items.map((a) => this.expr(a)).join(", ")}]`;
      case "match":
        return `${e.leftQ ? `${e.leftQ} of ` : ""}${this.expr(e.left, ADD)} ${e.op} ${e.rightQ ? `${e.rightQ} of ` : ""}${this.expr(e.right, ADD)}`;
      case "error":
        return "";
    }
  }

  /** The minus sign as written (`-` or `−`); a parenthesised unary's span starts at its `(`. */
  private minusOf(e: Extract<Expr, { kind: "unary" }>): string {
    return this.src.slice(e.span.start, e.operand.span.start).includes("−") ? "−" : "-";
  }
}
