/**
 * The grammar of the policy language, building the syntax tree directly. Error recovery is on:
 * one run reports every syntax error and still yields a partial tree for checking and editors.
 */
import "./object-group-by.js";
import { EmbeddedActionsParser, type IToken, type ParserMethod, type TokenType } from "chevrotain";
import type {
  Aggregation,
  ApprovalDecl,
  BandRow,
  BinaryOp,
  CapDecl,
  CompareOp,
  Decl,
  Expr,
  GradeByRules,
  GradeByScore,
  GradeCondition,
  GradeRule,
  GradesDecl,
  HitPolicy,
  IndicatorDecl,
  InputDecl,
  EventParam,
  LetDecl,
  MatchOp,
  Name,
  OutputDecl,
  Quantifier,
  Route,
  RuleDecl,
  RoundingMode,
  RulesetAst,
  ScorecardDecl,
  ScoreThreshold,
  TableCell,
  TableDecl,
  TableOutputColumn,
  TermRow,
  TermsDecl,
  TestDecl,
  TypeName,
  UnaryTest,
  WarningDecl,
} from "./ast.js";
import { type Span, spanBetween } from "./diagnostic.js";
import * as T from "./tokens.js";

const ERROR_SPAN: Span = { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };

/** Tokens inserted by recovery have no position; they borrow the end of the token before. */
export function tokenSpan(tok: IToken | undefined): Span {
  if (!tok || Number.isNaN(tok.startOffset) || tok.startOffset === undefined || tok.startOffset < 0) return ERROR_SPAN;
  return {
    line: tok.startLine ?? 1,
    column: tok.startColumn ?? 1,
    endLine: tok.endLine ?? tok.startLine ?? 1,
    endColumn: (tok.endColumn ?? tok.startColumn ?? 0) + 1,
    start: tok.startOffset,
    end: (tok.endOffset ?? tok.startOffset) + 1,
  };
}

function isReal(tok: IToken | undefined): tok is IToken {
  return !!tok && !Number.isNaN(tok.startOffset) && tok.startOffset >= 0;
}

export function unquote(image: string): string {
  if (image.startsWith("“")) return image.slice(1, -1);
  return image.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}

const compareOps = new Map<TokenType, CompareOp>([
  [T.GreaterEqual, ">="],
  [T.LessEqual, "<="],
  [T.NotEqual, "!="],
  [T.Equal, "="],
  [T.Less, "<"],
  [T.Greater, ">"],
]);

const typeNames = new Set<string>(["money", "ratio", "number", "int", "days", "bool", "text", "json"]);
const roundingModes = new Set<string>(["down", "up", "half_up", "half_down", "half_even", "floor", "ceiling"]);

export interface ParserIssue {
  message: string;
  span: Span;
  code: string;
}

class PolicyParser extends EmbeddedActionsParser {
  /** Tokens that begin a line: a comparison or +/- there starts a new row instead of continuing. */
  lineStarts = new WeakSet<IToken>();
  /** Problems the grammar cannot express (e.g. an unknown type word), reported as diagnostics. */
  issues: ParserIssue[] = [];
  /** Declarations completed so far: kept even when recovery abandons the rest of the file. */
  collected: Decl[] = [];
  header: { name: Name | null; label: string | null } = { name: null, label: null };

  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  private issue(code: string, message: string, span: Span): void {
    this.issues.push({ code, message, span });
  }

  /** `grade by …` starts a declaration, though `grade` alone is a name in expressions. */
  private startsGradeBy(): boolean {
    return this.LA(1).tokenType === T.Grade && this.LA(2).tokenType === T.By;
  }

  /** Another cell follows on this row (rather than the closing `|` before the next row). */
  private moreCells(): boolean {
    return this.LA(1).tokenType === T.Pipe && !this.lineStarts.has(this.LA(2)) && this.LA(2).tokenType.name !== "EOF";
  }

  private continues(): boolean {
    return !this.lineStarts.has(this.LA(1));
  }

  public ruleset = this.RULE("ruleset", (): RulesetAst => {
    let name: Name | null = null;
    let label: string | null = null;
    const decls: Decl[] = [];
    const first = this.LA(1);
    this.OPTION(() => {
      this.CONSUME(T.Ruleset);
      name = this.SUBRULE(this.rulesetName);
      this.OPTION2(() => {
        const tok = this.CONSUME(T.StringLiteral);
        label = this.ACTION(() => unquote(tok.image)) ?? null;
      });
    });
    this.ACTION(() => {
      this.header = { name, label };
    });
    this.MANY(() => {
      const d = this.SUBRULE(this.decl);
      this.ACTION(() => {
        if (d) {
          decls.push(d);
          this.collected.push(d);
        }
      });
    });
    return this.ACTION(() => ({
      name,
      label,
      decls,
      comments: [],
      span: spanBetween(tokenSpan(first), decls.length > 0 ? decls[decls.length - 1].span : tokenSpan(first)),
    }))!;
  });

  private rulesetName = this.RULE("rulesetName", (): Name => {
    const parts: IToken[] = [];
    parts.push(this.CONSUME(T.NameLike));
    this.MANY(() => {
      parts.push(this.CONSUME(T.Minus));
      parts.push(this.CONSUME2(T.NameLike));
    });
    return this.ACTION(() => ({
      text: parts.map((p) => p.image).join(""),
      span: spanBetween(tokenSpan(parts[0]), tokenSpan(parts[parts.length - 1])),
    }))!;
  });

  private decl = this.RULE("decl", (): Decl => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.outputDecl) },
      { ALT: () => this.SUBRULE(this.scorecard) },
      { ALT: () => this.SUBRULE(this.gradesDecl) },
      { ALT: () => this.SUBRULE(this.gradeDecl) },
      { ALT: () => this.SUBRULE(this.capDecl) },
      { ALT: () => this.SUBRULE(this.termsDecl) },
      { ALT: () => this.SUBRULE(this.warningDecl) },
      { ALT: () => this.SUBRULE(this.approvalDecl) },
      { ALT: () => this.SUBRULE(this.tableDecl) },
      { ALT: () => this.SUBRULE(this.testDecl) },
      { ALT: () => this.SUBRULE(this.ruleDecl) },
    ]);
  });

  private name = this.RULE("name", (): Name => {
    const tok = this.CONSUME(T.NameLike);
    return this.ACTION(() => ({ text: tok.image, span: tokenSpan(tok) }))!;
  });

  private label = this.RULE("label", (): string => {
    const tok = this.CONSUME(T.StringLiteral);
    return this.ACTION(() => unquote(tok.image))!;
  });

  private optLabel(): string | null {
    let label: string | null = null;
    this.OPTION9(() => {
      label = this.SUBRULE9(this.label);
    });
    return label;
  }

  /**
   * `[a, b, c]`, inside a rule (a helper, not a rule of its own, like optLabel): `item` parses
   * one item with a SUBRULE index of its own in the calling rule. Uses CONSUME and MANY_SEP
   * index 1 for the brackets and commas, so a caller must not use those itself.
   */
  private bracketList<I>(item: () => I): { items: I[]; span: Span } {
    const open = this.CONSUME(T.LBracket);
    const items: I[] = [];
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const v = item();
        this.ACTION(() => items.push(v));
      },
    });
    const close = this.CONSUME(T.RBracket);
    return { items, span: this.ACTION(() => spanBetween(tokenSpan(open), tokenSpan(close)))! };
  }

  private inputDecl = this.RULE("inputDecl", (): InputDecl => {
    const start = this.CONSUME(T.Input);
    const name = this.SUBRULE(this.name);
    const type = this.SUBRULE(this.typeRef);
    let signed = false;
    let def: Expr | null = null;
    let range: InputDecl["range"] = null;
    let label: string | null = null;
    let path: InputDecl["path"] = null;
    // Recovery can leave the type unread: fall back to the keyword's position.
    let last = (type as InputDecl["type"] | undefined)?.span ?? tokenSpan(start);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const s = this.CONSUME(T.Signed);
            signed = true;
            last = tokenSpan(s);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Equal);
            // A value, not a condition: `= 0 in 0..5` is a default and a range.
            def = this.SUBRULE4(this.additive);
            last = this.ACTION(() => def!.span) ?? last;
          },
        },
        {
          ALT: () => {
            const s = this.CONSUME(T.In);
            const low = this.SUBRULE2(this.additive);
            this.CONSUME(T.DotDot);
            const high = this.SUBRULE3(this.additive);
            this.ACTION(() => {
              range = { low, high, span: spanBetween(tokenSpan(s), high.span) };
              last = high.span;
            });
          },
        },
        {
          ALT: () => {
            const tok = this.CONSUME(T.StringLiteral);
            this.ACTION(() => {
              label = unquote(tok.image);
              last = tokenSpan(tok);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.From);
            const tok = this.CONSUME2(T.StringLiteral);
            this.ACTION(() => {
              const text = unquote(tok.image);
              const segments = parseFactPath(text);
              if (!segments) this.issue("bad-path", `"${text}" is not a fact path: use names separated by dots, with [n] for list items, e.g. "profile.addresses[0].city"`, tokenSpan(tok));
              path = { segments: segments ?? [text], text, span: tokenSpan(tok) };
              last = tokenSpan(tok);
            });
          },
        },
      ]);
    });
    return this.ACTION(() => ({ kind: "input" as const, name, type, signed, default: def, range, label, path, span: spanBetween(tokenSpan(start), last) }))!;
  });

  private typeRef = this.RULE("typeRef", (): InputDecl["type"] => {
    return this.OR([
      {
        ALT: () => {
          const tok = this.CONSUME(T.Days);
          return this.ACTION(() => ({ name: "days" as const, values: [], span: tokenSpan(tok) }))!;
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.Identifier);
          return this.ACTION(() => {
            if (!typeNames.has(tok.image)) {
              this.issue("unknown-type", `unknown type "${tok.image}": use money, ratio, number, int, days, bool, text or one of (…)`, tokenSpan(tok));
            }
            const name = (typeNames.has(tok.image) ? tok.image : "number") as TypeName;
            return { name, values: [], span: tokenSpan(tok) };
          })!;
        },
      },
      {
        ALT: () => {
          const start = this.CONSUME(T.One);
          this.CONSUME(T.Of);
          const values: Array<{ value: string; span: Span }> = [];
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => {
              const v = this.OR2([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.NameLike) }]);
              this.ACTION(() => values.push({ value: v.tokenType === T.StringLiteral ? unquote(v.image) : v.image, span: tokenSpan(v) }));
            },
          });
          const end = this.CONSUME(T.RParen);
          return this.ACTION(() => ({ name: "enum" as const, values, span: spanBetween(tokenSpan(start), tokenSpan(end)) }))!;
        },
      },
    ]);
  });

  private letDecl = this.RULE("letDecl", (): LetDecl => {
    const start = this.CONSUME(T.Let);
    const name = this.SUBRULE(this.name);
    const label = this.optLabel();
    this.CONSUME(T.Equal);
    const expr = this.SUBRULE(this.expr);
    let guard: Expr | null = null;
    this.OPTION(() => {
      this.CONSUME(T.When);
      guard = this.SUBRULE2(this.expr);
    });
    return this.ACTION(() => ({ kind: "let" as const, name, label, expr, guard, span: spanBetween(tokenSpan(start), (guard ?? expr).span) }))!;
  });

  private outputDecl = this.RULE("outputDecl", (): OutputDecl => {
    const start = this.CONSUME(T.Output);
    const name = this.SUBRULE(this.name);
    const label = this.optLabel();
    this.CONSUME(T.Equal);
    const expr = this.SUBRULE(this.expr);
    return this.ACTION(() => ({ kind: "output" as const, name, label, expr, span: spanBetween(tokenSpan(start), expr.span) }))!;
  });

  private scorecard = this.RULE("scorecard", (): ScorecardDecl => {
    const start = this.CONSUME(T.Scorecard);
    const label = this.optLabel();
    const indicators: IndicatorDecl[] = [];
    this.MANY(() => {
      const ind = this.SUBRULE(this.indicator);
      this.ACTION(() => indicators.push(ind));
    });
    return this.ACTION(() => ({
      kind: "scorecard" as const,
      label,
      indicators,
      span: spanBetween(tokenSpan(start), indicators.length ? indicators[indicators.length - 1].span : tokenSpan(start)),
    }))!;
  });

  private indicator = this.RULE("indicator", (): IndicatorDecl => {
    const start = this.CONSUME(T.Indicator);
    const name = this.SUBRULE(this.name);
    const label = this.optLabel();
    let expr: Expr | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Equal);
      expr = this.SUBRULE(this.expr);
    });
    this.CONSUME(T.Weight);
    const weight = this.SUBRULE(this.additive);
    const rows: BandRow[] = [];
    this.MANY({
      GATE: () => !this.startsGradeBy(),
      DEF: () => {
        const row = this.SUBRULE(this.bandRow);
        this.ACTION(() => rows.push(row));
      },
    });
    return this.ACTION(() => ({ name, label, expr, weight, rows, span: spanBetween(tokenSpan(start), rows.length ? rows[rows.length - 1].span : weight.span) }))!;
  });

  private bandRow = this.RULE("bandRow", (): BandRow => {
    const first = this.LA(1);
    const cond = this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Otherwise);
          return null;
        },
      },
      { ALT: () => this.SUBRULE(this.subjectComparison) },
      { ALT: () => this.SUBRULE(this.expr) },
    ]);
    this.CONSUME(T.Arrow);
    const points = this.SUBRULE2(this.expr);
    return this.ACTION(() => ({ cond, points, span: spanBetween(tokenSpan(first), points.span) }))!;
  });

  /** `<= 40%`: compares the indicator's own value. */
  private subjectComparison = this.RULE("subjectComparison", (): Expr => {
    const opTok = this.CONSUME(T.Comparison);
    const right = this.SUBRULE(this.additive);
    return this.ACTION(() => {
      const opSpan = tokenSpan(opTok);
      return {
        kind: "binary" as const,
        op: compareOps.get(opTok.tokenType) ?? "=",
        left: { kind: "subject" as const, span: opSpan },
        right,
        opSpan,
        span: spanBetween(opSpan, right.span),
      };
    })!;
  });

  private gradesDecl = this.RULE("gradesDecl", (): GradesDecl => {
    const start = this.CONSUME(T.Grades);
    const names: Name[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const n = this.SUBRULE(this.name);
        this.ACTION(() => names.push(n));
      },
    });
    return this.ACTION(() => ({ kind: "grades" as const, names, span: spanBetween(tokenSpan(start), names.length ? names[names.length - 1].span : tokenSpan(start)) }))!;
  });

  private gradeDecl = this.RULE("gradeDecl", (): GradeByScore | GradeByRules => {
    const start = this.CONSUME(T.Grade);
    this.CONSUME(T.By);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Score);
          this.OPTION(() => this.CONSUME(T.Colon));
          const thresholds: ScoreThreshold[] = [];
          this.MANY(() => {
            const g = this.SUBRULE(this.name);
            const opTok = this.OR2([{ ALT: () => this.CONSUME(T.GreaterEqual) }, { ALT: () => this.CONSUME(T.Greater) }]);
            const min = this.SUBRULE(this.additive);
            this.OPTION2(() => this.CONSUME(T.Comma));
            this.ACTION(() => {
              if (g && min) thresholds.push({ grade: g, op: opTok.tokenType === T.Greater ? ">" : ">=", min, span: spanBetween(g.span, min.span) });
            });
          });
          this.CONSUME(T.Otherwise);
          const otherwise = this.SUBRULE2(this.name);
          return this.ACTION(() => ({ kind: "gradeByScore" as const, thresholds, otherwise, span: spanBetween(tokenSpan(start), otherwise.span) }))!;
        },
      },
      {
        ALT: () => {
          const word = this.CONSUME(T.Identifier);
          this.ACTION(() => {
            if (word.image !== "rules") this.issue("syntax", `expected "score" or "rules" after "grade by", found "${word.image}"`, tokenSpan(word));
          });
          this.OPTION3(() => this.CONSUME2(T.Colon));
          const rules: GradeRule[] = [];
          this.MANY2(() => {
            const r = this.SUBRULE(this.gradeRule);
            this.ACTION(() => rules.push(r));
          });
          this.CONSUME2(T.Otherwise);
          const otherwise = this.SUBRULE3(this.name);
          return this.ACTION(() => ({ kind: "gradeByRules" as const, rules, otherwise, span: spanBetween(tokenSpan(start), otherwise.span) }))!;
        },
      },
    ]);
  });

  private gradeRule = this.RULE("gradeRule", (): GradeRule => {
    const grade = this.SUBRULE(this.name);
    this.CONSUME(T.When);
    const modeTok = this.OR([{ ALT: () => this.CONSUME(T.Any) }, { ALT: () => this.CONSUME(T.All) }]);
    this.CONSUME(T.Of);
    this.OPTION(() => this.CONSUME(T.Colon));
    const conditions: GradeCondition[] = [];
    this.AT_LEAST_ONE({
      GATE: () => this.LA(2).tokenType === T.Colon || this.LA(2).tokenType === T.StringLiteral,
      DEF: () => {
      const code = this.SUBRULE2(this.name);
      const label = this.optLabel();
      this.CONSUME2(T.Colon);
      const cond = this.SUBRULE(this.expr);
      this.ACTION(() => conditions.push({ code, label, cond, span: spanBetween(code.span, cond.span) }));
      },
    });
    return this.ACTION(() => ({
      grade,
      mode: modeTok.tokenType === T.Any ? ("any" as const) : ("all" as const),
      conditions,
      span: spanBetween(grade.span, conditions.length ? conditions[conditions.length - 1].span : grade.span),
    }))!;
  });

  private capDecl = this.RULE("capDecl", (): CapDecl => {
    const start = this.CONSUME(T.Cap);
    const code = this.SUBRULE(this.name);
    const label = this.optLabel();
    this.CONSUME(T.At);
    const grade = this.SUBRULE2(this.name);
    this.CONSUME(T.When);
    const cond = this.SUBRULE(this.expr);
    return this.ACTION(() => ({ kind: "cap" as const, code, label, grade, cond, span: spanBetween(tokenSpan(start), cond.span) }))!;
  });

  private termsDecl = this.RULE("termsDecl", (): TermsDecl => {
    const start = this.CONSUME(T.Terms);
    this.CONSUME(T.By);
    this.CONSUME(T.Grade);
    const rows: TermRow[] = [];
    let rounding: TermsDecl["rounding"] = null;
    let atLeast: Expr | null = null;
    let last = tokenSpan(start);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const row = this.SUBRULE(this.termRow);
            this.ACTION(() => {
              if (!row) return;
              rows.push(row);
              last = row.span;
            });
          },
        },
        {
          ALT: () => {
            const r = this.CONSUME(T.Round);
            this.CONSUME(T.Limit);
            const modeTok = this.CONSUME(T.Identifier);
            this.CONSUME(T.To);
            const step = this.SUBRULE(this.additive);
            this.ACTION(() => {
              if (!roundingModes.has(modeTok.image)) {
                this.issue("unknown-rounding", `unknown rounding mode "${modeTok.image}": use down, up, half_up, half_down, half_even, floor or ceiling`, tokenSpan(modeTok));
              }
              const mode = (roundingModes.has(modeTok.image) ? modeTok.image : "down") as RoundingMode;
              rounding = { mode, modeSpan: tokenSpan(modeTok), step, span: spanBetween(tokenSpan(r), step.span) };
              last = step.span;
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.Limit);
            this.CONSUME(T.At);
            this.CONSUME(T.Least);
            const e = this.SUBRULE2(this.additive);
            this.ACTION(() => {
              atLeast = e;
              last = e.span;
            });
          },
        },
      ]);
    });
    return this.ACTION(() => ({ kind: "terms" as const, rows, rounding, atLeast, span: spanBetween(tokenSpan(start), last) }))!;
  });

  private termRow = this.RULE("termRow", (): TermRow => {
    const first = this.LA(1);
    let grade: Name | null = null;
    let override = false;
    let guard: Expr | null = null;
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Override);
          override = true;
          this.CONSUME(T.When);
          guard = this.SUBRULE(this.expr);
        },
      },
      { ALT: () => this.CONSUME(T.Otherwise) },
      {
        ALT: () => {
          grade = this.SUBRULE(this.name);
          this.OPTION(() => {
            this.CONSUME2(T.When);
            guard = this.SUBRULE2(this.expr);
          });
        },
      },
    ]);
    this.CONSUME(T.Colon);
    const days = this.SUBRULE3(this.expr);
    this.CONSUME(T.Comma);
    this.CONSUME(T.Limit);
    const limit = this.SUBRULE4(this.expr);
    const label = this.optLabel();
    return this.ACTION(() => ({ grade, guard, days, limit, label, override, span: spanBetween(tokenSpan(first), limit.span) }))!;
  });

  private warningDecl = this.RULE("warningDecl", (): WarningDecl => {
    const start = this.CONSUME(T.Warning);
    const code = this.SUBRULE(this.name);
    const label = this.optLabel();
    const sevTok = this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME2(T.Warning) }]);
    const action = this.SUBRULE2(this.name);
    this.CONSUME(T.When);
    const cond = this.SUBRULE(this.expr);
    return this.ACTION(() => ({
      kind: "warning" as const,
      code,
      label,
      severity: { text: sevTok.image, span: tokenSpan(sevTok) },
      action,
      cond,
      span: spanBetween(tokenSpan(start), cond.span),
    }))!;
  });

  private approvalDecl = this.RULE("approvalDecl", (): ApprovalDecl => {
    const start = this.CONSUME(T.Approval);
    let by: Expr | null = null;
    this.OPTION(() => {
      this.CONSUME(T.By);
      by = this.SUBRULE(this.expr);
    });
    const routes: Route[] = [];
    this.MANY(() => {
      const r = this.SUBRULE(this.route);
      this.ACTION(() => routes.push(r));
    });
    let exception: ApprovalDecl["exception"] = null;
    this.OPTION2(() => {
      const on = this.CONSUME(T.On);
      this.CONSUME(T.Exception);
      this.CONSUME(T.When);
      const cond = this.SUBRULE2(this.expr);
      this.CONSUME(T.Colon);
      let atLeast: { value: number; span: Span } | null = null;
      const then: Name[] = [];
      let last = (cond as Expr | undefined)?.span ?? tokenSpan(on);
      this.OPTION3(() => {
        this.CONSUME(T.At);
        this.CONSUME(T.Least);
        this.CONSUME(T.Level);
        const n = this.CONSUME(T.NumberLiteral);
        this.ACTION(() => {
          atLeast = { value: Number.parseInt(n.image, 10), span: tokenSpan(n) };
          last = tokenSpan(n);
        });
        this.OPTION4(() => this.CONSUME(T.Comma));
      });
      this.OPTION5(() => {
        this.CONSUME(T.Then);
        this.AT_LEAST_ONE_SEP({
          SEP: T.Comma,
          DEF: () => {
            const n = this.SUBRULE(this.name);
            this.ACTION(() => {
              then.push(n);
              last = n.span;
            });
          },
        });
      });
      this.ACTION(() => {
        exception = { cond, atLeast, then, span: spanBetween(tokenSpan(on), last) };
      });
    });
    return this.ACTION(() => {
      const ex = exception as ApprovalDecl["exception"];
      const end = ex ? ex.span : routes.length ? routes[routes.length - 1].span : tokenSpan(start);
      return { kind: "approval" as const, by, routes, exception, span: spanBetween(tokenSpan(start), end) };
    })!;
  });

  private route = this.RULE("route", (): Route => {
    const first = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.None);
          this.CONSUME(T.When);
          const cond = this.SUBRULE(this.expr);
          return this.ACTION(() => ({ level: null, none: true, cond, chain: [], span: spanBetween(tokenSpan(first), cond.span) }))!;
        },
      },
      {
        ALT: () => {
          let level: Route["level"] = null;
          this.OPTION(() => {
            this.CONSUME(T.Level);
            const n = this.CONSUME(T.NumberLiteral);
            this.ACTION(() => {
              level = { value: Number.parseInt(n.image, 10), span: tokenSpan(n) };
            });
          });
          let cond: Expr | null = null;
          this.OR2([
            {
              ALT: () => {
                this.CONSUME2(T.When);
                cond = this.SUBRULE2(this.expr);
              },
            },
            { ALT: () => this.CONSUME(T.Otherwise) },
          ]);
          this.CONSUME(T.Colon);
          const chain: Name[] = [];
          let none = false;
          let last = tokenSpan(first);
          this.OR3([
            {
              ALT: () => {
                const n = this.CONSUME2(T.None);
                none = true;
                last = tokenSpan(n);
              },
            },
            {
              ALT: () => {
                this.AT_LEAST_ONE_SEP({
                  SEP: T.Comma,
                  DEF: () => {
                    const n = this.SUBRULE(this.name);
                    this.ACTION(() => {
                      chain.push(n);
                      last = n.span;
                    });
                  },
                });
              },
            },
          ]);
          return this.ACTION(() => ({ level, none, cond, chain, span: spanBetween(tokenSpan(first), last) }))!;
        },
      },
    ]);
  });

  private tableDecl = this.RULE("tableDecl", (): TableDecl => {
    const start = this.CONSUME(T.Table);
    const name = this.SUBRULE(this.name);
    const label = this.optLabel();
    this.CONSUME(T.Hit);
    const words: IToken[] = [];
    // `rule` of `rule order` is also the keyword of condition rules.
    words.push(this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Any) }, { ALT: () => this.CONSUME(T.Output) }, { ALT: () => this.CONSUME(T.Rule) }]));
    this.OPTION(() => words.push(this.CONSUME2(T.Identifier)));
    // Header: | input | input || output | output |
    const inputs: Expr[] = [];
    const outputs: TableOutputColumn[] = [];
    this.CONSUME(T.Pipe);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Pipe,
      DEF: () => {
        const e = this.SUBRULE(this.expr);
        this.ACTION(() => inputs.push(e));
      },
    });
    this.CONSUME(T.DoublePipe);
    // After a syntax error recovery may give no column; the error is reported already.
    const firstColumn = this.SUBRULE(this.outputColumn);
    this.ACTION(() => firstColumn && outputs.push(firstColumn));
    this.MANY2({
      GATE: () => this.moreCells(),
      DEF: () => {
        this.CONSUME3(T.Pipe);
        const column = this.SUBRULE2(this.outputColumn);
        this.ACTION(() => column && outputs.push(column));
      },
    });
    let last = tokenSpan(this.CONSUME2(T.Pipe));
    const rows: TableDecl["rows"] = [];
    this.MANY(() => {
      const row = this.SUBRULE(this.tableRow);
      this.ACTION(() => {
        rows.push(row);
        last = row.span;
      });
    });
    return this.ACTION(() => this.buildTable(start, name, label, words, inputs, outputs, rows, last))!;
  });

  private outputColumn = this.RULE("outputColumn", (): TableOutputColumn => {
    const n = this.SUBRULE(this.name);
    const order: Expr[] = [];
    this.OPTION(() => {
      this.CONSUME(T.In);
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () => {
          const v = this.SUBRULE(this.expr);
          this.ACTION(() => order.push(v));
        },
      });
      this.CONSUME(T.RParen);
    });
    return { name: n, order };
  });

  private buildTable(
    start: IToken,
    name: Name,
    label: string | null,
    words: IToken[],
    inputs: Expr[],
    outputs: TableOutputColumn[],
    rows: TableDecl["rows"],
    last: Span,
  ): TableDecl {
    {
      const w = words.map((t) => t.image).join(" ");
      const policies: Record<string, [HitPolicy, Aggregation | null]> = {
        first: ["first", null],
        unique: ["unique", null],
        any: ["any", null],
        priority: ["priority", null],
        "rule order": ["rule order", null],
        "output order": ["output order", null],
        collect: ["collect", null],
        "collect sum": ["collect", "sum"],
        "collect min": ["collect", "min"],
        "collect max": ["collect", "max"],
        "collect count": ["collect", "count"],
      };
      const hitSpan = spanBetween(tokenSpan(words[0]), tokenSpan(words[words.length - 1]));
      const found = policies[w];
      if (!found) {
        this.issue("unknown-hit-policy", `unknown hit policy "${w}": use first, unique, any, priority, rule order, output order, collect, or collect sum/min/max/count`, hitSpan);
      }
      const [hit, aggregation] = found ?? ["first", null];
      return { kind: "table" as const, name, label, hit, aggregation, hitSpan, inputs, outputs, rows, span: spanBetween(tokenSpan(start), last) };
    }
  }

  private tableRow = this.RULE("tableRow", () => {
    const first = this.CONSUME(T.Pipe);
    const cells: TableCell[] = [];
    const outputs: Expr[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Pipe,
      DEF: () => {
        const c = this.SUBRULE(this.tableCell);
        this.ACTION(() => cells.push(c));
      },
    });
    this.CONSUME(T.DoublePipe);
    const e = this.SUBRULE(this.expr);
    this.ACTION(() => outputs.push(e));
    this.MANY({
      GATE: () => this.moreCells(),
      DEF: () => {
        this.CONSUME3(T.Pipe);
        const e2 = this.SUBRULE2(this.expr);
        this.ACTION(() => outputs.push(e2));
      },
    });
    const last = this.CONSUME2(T.Pipe);
    return this.ACTION(() => ({ cells, outputs, span: spanBetween(tokenSpan(first), tokenSpan(last)) }))!;
  });

  private tableCell = this.RULE("tableCell", (): TableCell => {
    return this.OR([
      {
        GATE: () => this.LA(2).tokenType === T.Pipe || this.LA(2).tokenType === T.DoublePipe,
        ALT: () => {
          const dash = this.CONSUME(T.Minus);
          return this.ACTION(() => ({ tests: [], span: tokenSpan(dash) }))!;
        },
      },
      {
        ALT: () => {
          const tests: UnaryTest[] = [];
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => {
              const t = this.SUBRULE(this.unaryTest);
              this.ACTION(() => tests.push(t));
            },
          });
          return this.ACTION(() => ({ tests, span: spanBetween(tests[0].span, tests[tests.length - 1].span) }))!;
        },
      },
    ]);
  });

  private unaryTest = this.RULE("unaryTest", (): UnaryTest => {
    return this.OR({
      // Earlier alternatives win: `[1..5)` is a range and `(1..5)` too, not a list or a parenthesised value.
      IGNORE_AMBIGUITIES: true,
      DEF: [
      {
        ALT: () => {
          const opTok = this.CONSUME(T.Comparison);
          const value = this.SUBRULE(this.additive);
          return this.ACTION(() => ({ kind: "compare" as const, op: compareOps.get(opTok.tokenType) ?? "=", value, span: spanBetween(tokenSpan(opTok), value.span) }))!;
        },
      },
      {
        ALT: () => {
          const open = this.OR2([{ ALT: () => this.CONSUME(T.LBracket) }, { ALT: () => this.CONSUME2(T.RBracket) }]);
          return this.SUBRULE(this.rangeRest, { ARGS: [open] });
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const low = this.SUBRULE2(this.additive);
          return this.OR3([
            {
              ALT: () => {
                this.CONSUME(T.DotDot);
                const high = this.SUBRULE3(this.additive);
                const close = this.OR4([{ ALT: () => this.CONSUME3(T.RBracket) }, { ALT: () => this.CONSUME(T.RParen) }, { ALT: () => this.CONSUME2(T.LBracket) }]);
                return this.ACTION(() => ({
                  kind: "range" as const,
                  low,
                  high,
                  lowInclusive: false,
                  highInclusive: close.tokenType === T.RBracket,
                  span: spanBetween(tokenSpan(open), tokenSpan(close)),
                }))!;
              },
            },
            {
              ALT: () => {
                const close = this.CONSUME2(T.RParen);
                return this.ACTION(() => ({ kind: "compare" as const, op: "=" as const, value: low, span: spanBetween(tokenSpan(open), tokenSpan(close)) }))!;
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          const n = this.CONSUME(T.Not);
          this.CONSUME3(T.LParen);
          const tests: UnaryTest[] = [];
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => {
              const t = this.SUBRULE(this.unaryTest);
              this.ACTION(() => tests.push(t));
            },
          });
          const close = this.CONSUME3(T.RParen);
          return this.ACTION(() => ({ kind: "not" as const, tests, span: spanBetween(tokenSpan(n), tokenSpan(close)) }))!;
        },
      },
      {
        ALT: () => {
          const value = this.SUBRULE4(this.additive);
          return this.ACTION(() => ({ kind: "compare" as const, op: "=" as const, value, span: value.span }))!;
        },
      },
    ]});
  });

  /** `[low..high]`, `[low..high)`, `]low..high]`: the rest of a range after its opening bracket. */
  private rangeRest = this.RULE("rangeRest", (open: IToken): UnaryTest => {
    const low = this.SUBRULE(this.additive);
    this.CONSUME(T.DotDot);
    const high = this.SUBRULE2(this.additive);
    const close = this.OR([{ ALT: () => this.CONSUME(T.RBracket) }, { ALT: () => this.CONSUME(T.RParen) }, { ALT: () => this.CONSUME(T.LBracket) }]);
    return this.ACTION(() => ({
      kind: "range" as const,
      low,
      high,
      lowInclusive: open.tokenType === T.LBracket,
      highInclusive: close.tokenType === T.RBracket,
      span: spanBetween(tokenSpan(open), tokenSpan(close)),
    }))!;
  });

  private ruleDecl = this.RULE("ruleDecl", (): RuleDecl => {
    const start = this.CONSUME(T.Rule);
    const code = this.SUBRULE(this.name);
    const label = this.optLabel();
    let priority: RuleDecl["priority"] = null;
    this.OPTION(() => {
      const word = this.CONSUME(T.Identifier);
      const n = this.CONSUME(T.NumberLiteral);
      this.ACTION(() => {
        if (word.image !== "priority") this.issue("syntax", `expected "priority" or "when" after the rule's name, found "${word.image}"`, tokenSpan(word));
        const text = n.image.replace(/[,_]/g, "");
        if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
          this.issue("bad-priority", `a rule's priority is a whole number of 1 or more, not ${n.image}`, tokenSpan(n));
        }
        priority = { value: Number.parseInt(text, 10) || 1, span: tokenSpan(n) };
      });
    });
    this.CONSUME(T.When);
    const cond = this.SUBRULE(this.expr);
    this.CONSUME(T.Event);
    const typeTok = this.CONSUME(T.StringLiteral);
    let params: EventParam | null = null;
    this.OPTION2(() => {
      params = this.SUBRULE(this.paramObject);
    });
    return this.ACTION(() => {
      const p = params as EventParam | null;
      return {
        kind: "rule" as const,
        code,
        label,
        priority,
        cond,
        event: { type: unquote(typeTok.image), typeSpan: tokenSpan(typeTok), params: p },
        span: spanBetween(tokenSpan(start), p ? p.span : tokenSpan(typeTok)),
      };
    })!;
  });

  /** `{ message: "…", level: 2, tags: ["a", "b"], extra: none }` */
  private paramObject = this.RULE("paramObject", (): EventParam => {
    const open = this.CONSUME(T.LBrace);
    const entries: Array<{ key: string; keySpan: Span; value: EventParam }> = [];
    this.MANY(() => {
      const keyTok = this.OR([{ ALT: () => this.CONSUME(T.NameLike) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
      this.CONSUME(T.Colon);
      const value = this.SUBRULE(this.paramValue);
      this.OPTION(() => this.CONSUME(T.Comma));
      this.ACTION(() => entries.push({ key: keyTok.tokenType === T.StringLiteral ? unquote(keyTok.image) : keyTok.image, keySpan: tokenSpan(keyTok), value }));
    });
    const close = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: "object" as const, entries, span: spanBetween(tokenSpan(open), tokenSpan(close)) }))!;
  });

  private paramValue = this.RULE("paramValue", (): EventParam => {
    return this.OR({
      // `[` starts a list of params (which may hold objects), not a list expression.
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.paramObject) },
        {
          ALT: () => {
            const list = this.bracketList(() => this.SUBRULE(this.paramValue));
            return this.ACTION(() => ({ kind: "array" as const, items: list.items, span: list.span }))!;
          },
        },
        {
          ALT: () => {
            const n = this.CONSUME(T.None);
            return this.ACTION(() => ({ kind: "null" as const, span: tokenSpan(n) }))!;
          },
        },
        {
          ALT: () => {
            const expr = this.SUBRULE(this.expr);
            return this.ACTION(() => ({ kind: "value" as const, expr, span: expr.span }))!;
          },
        },
      ],
    });
  });

  private testDecl = this.RULE("testDecl", (): TestDecl => {
    const start = this.CONSUME(T.Test);
    const nameTok = this.CONSUME(T.StringLiteral);
    let like: TestDecl["like"] = null;
    this.OPTION(() => {
      this.CONSUME(T.Like);
      const l = this.CONSUME2(T.StringLiteral);
      this.ACTION(() => {
        like = { text: unquote(l.image), span: tokenSpan(l) };
      });
    });
    const given: TestDecl["given"] = [];
    this.OPTION2(() => {
      this.CONSUME(T.Given);
      this.MANY({
        GATE: () => !this.startsGradeBy(),
        DEF: () => {
        const n = this.SUBRULE(this.name);
        this.OR([{ ALT: () => this.CONSUME(T.Equal) }, { ALT: () => this.CONSUME(T.Colon) }]);
        const value = this.SUBRULE(this.expr);
        this.OPTION3(() => this.CONSUME(T.Comma));
        this.ACTION(() => given.push({ name: n, value }));
        },
      });
    });
    this.CONSUME(T.Expect);
    const expects: Expr[] = [];
    this.AT_LEAST_ONE({
      GATE: () => !this.startsGradeBy(),
      DEF: () => {
        const e = this.SUBRULE2(this.expr);
        this.OPTION4(() => this.CONSUME2(T.Comma));
        this.ACTION(() => expects.push(e));
      },
    });
    return this.ACTION(() => ({
      kind: "test" as const,
      name: { text: unquote(nameTok.image), span: tokenSpan(nameTok) },
      like,
      given,
      expects,
      span: spanBetween(tokenSpan(start), expects.length ? expects[expects.length - 1].span : tokenSpan(nameTok)),
    }))!;
  });

  // ── Expressions ─────────────────────────────────────────────────────────────

  /**
   * `operand (operator operand)*`, grouped to the left, inside a rule (a helper, not a rule of
   * its own). `continues` gates each further operator (e.g. not at the start of a line).
   */
  private leftAssoc(operand: ParserMethod<[], Expr>, operator: TokenType, op: (tok: IToken) => BinaryOp, continues?: () => boolean): Expr {
    let left = this.SUBRULE(operand);
    const more = () => {
      const opTok = this.CONSUME(operator);
      const right = this.SUBRULE2(operand);
      left = this.ACTION(() => binary(op(opTok), left, right, opTok)) ?? left;
    };
    this.MANY(continues ? { GATE: continues, DEF: more } : more);
    return left;
  }

  /** `prefix self` or `next`, inside a rule (a helper, not a rule of its own): `not not x`, `- -x`. */
  private prefixed(prefix: TokenType, op: "not" | "-", self: ParserMethod<[], Expr>, next: ParserMethod<[], Expr>): Expr {
    return this.OR([
      {
        ALT: () => {
          const p = this.CONSUME(prefix);
          const operand = this.SUBRULE(self);
          return this.ACTION(() => ({ kind: "unary" as const, op, operand, span: spanBetween(tokenSpan(p), operand.span) }))!;
        },
      },
      { ALT: () => this.SUBRULE(next) },
    ]);
  }

  public expr = this.RULE("expr", (): Expr => this.leftAssoc(this.andExpr, T.Or, () => "or"));

  private andExpr = this.RULE("andExpr", (): Expr => this.leftAssoc(this.notExpr, T.And, () => "and"));

  private notExpr = this.RULE("notExpr", (): Expr => this.prefixed(T.Not, "not", this.notExpr, this.comparison));

  private comparison = this.RULE("comparison", (): Expr => {
    let leftQ: { q: Quantifier; tok: IToken } | null = null;
    this.OPTION3(() => {
      leftQ = this.SUBRULE(this.quantifier);
    });
    let left = this.SUBRULE(this.additive);
    let matched = false;
    this.OPTION({
      GATE: () => this.continues(),
      DEF: () => {
        const op = this.OR([
          { ALT: () => this.CONSUME(T.Comparison) },
          { ALT: () => this.CONSUME(T.In) },
          { ALT: () => this.CONSUME(T.Contains) },
          {
            ALT: () => {
              const n = this.CONSUME(T.Not);
              const t = this.OR2([{ ALT: () => this.CONSUME2(T.In) }, { ALT: () => this.CONSUME2(T.Contains) }]);
              return this.ACTION(() => ({ ...t, image: `not ${t.image}`, startOffset: n.startOffset, startLine: n.startLine, startColumn: n.startColumn }))!;
            },
          },
        ]);
        let rightQ: { q: Quantifier; tok: IToken } | null = null;
        this.OPTION2(() => {
          rightQ = this.SUBRULE2(this.quantifier);
        });
        const right = this.SUBRULE2(this.additive);
        this.ACTION(() => {
          matched = true;
          const lq = leftQ as { q: Quantifier; tok: IToken } | null;
          const rq = rightQ as { q: Quantifier; tok: IToken } | null;
          const compare = compareOps.get(op.tokenType);
          if (compare && !lq && !rq) {
            left = binary(compare, left, right, op);
            return;
          }
          const opName: MatchOp = compare ?? ((op.image.startsWith("not") ? `not ${op.tokenType === T.In ? "in" : "contains"}` : op.tokenType === T.In ? "in" : "contains") as MatchOp);
          const l = left ?? { kind: "error" as const, span: tokenSpan(op) };
          const r = right ?? { kind: "error" as const, span: tokenSpan(op) };
          left = {
            kind: "match",
            op: opName,
            left: l,
            right: r,
            leftQ: lq?.q ?? null,
            rightQ: rq?.q ?? null,
            opSpan: tokenSpan(op),
            span: spanBetween(lq ? tokenSpan(lq.tok) : l.span, r.span),
          };
        });
      },
    });
    this.ACTION(() => {
      const lq = leftQ as { q: Quantifier; tok: IToken } | null;
      if (lq && !matched) this.issue("syntax", `"${lq.q} of" needs a test after the list, e.g. "${lq.q} of tags in allowed_tags"`, tokenSpan(lq.tok));
    });
    return left;
  });

  /** `any of` / `all of` before a side of a test. */
  private quantifier = this.RULE("quantifier", (): { q: Quantifier; tok: IToken } => {
    const tok = this.OR([{ ALT: () => this.CONSUME(T.Any) }, { ALT: () => this.CONSUME(T.All) }]);
    this.CONSUME(T.Of);
    return this.ACTION(() => ({ q: (tok.tokenType === T.Any ? "any" : "all") as Quantifier, tok }))!;
  });

  public additive = this.RULE("additive", (): Expr =>
    this.leftAssoc(this.multiplicative, T.Additive, (t) => (t.tokenType === T.Plus ? "+" : "-"), () => this.continues()),
  );

  private multiplicative = this.RULE("multiplicative", (): Expr => this.leftAssoc(this.unary, T.Multiplicative, (t) => (t.tokenType === T.Times ? "*" : "/")));

  private unary = this.RULE("unary", (): Expr => this.prefixed(T.Minus, "-", this.unary, this.postfix));

  private postfix = this.RULE("postfix", (): Expr => {
    let e = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      const n = this.SUBRULE(this.name);
      e = this.ACTION(() => ({ kind: "member" as const, object: e, name: n, span: spanBetween(e.span, n.span) })) ?? e;
    });
    return e;
  });

  private primary = this.RULE("primary", (): Expr => {
    return this.OR([
      {
        ALT: () => {
          const n = this.CONSUME(T.NumberLiteral);
          let unitTok: IToken | undefined;
          this.OPTION(() => {
            unitTok = this.OR2([{ ALT: () => this.CONSUME(T.Days) }, { ALT: () => this.CONSUME(T.Day) }]);
          });
          return this.ACTION(() => ({
            kind: "number" as const,
            text: n.image,
            unit: unitTok ? ("days" as const) : null,
            span: unitTok ? spanBetween(tokenSpan(n), tokenSpan(unitTok)) : tokenSpan(n),
          }))!;
        },
      },
      {
        ALT: () => {
          const s = this.CONSUME(T.StringLiteral);
          return this.ACTION(() => ({ kind: "string" as const, value: unquote(s.image), span: tokenSpan(s) }))!;
        },
      },
      {
        ALT: () => {
          const t = this.OR3([{ ALT: () => this.CONSUME(T.True) }, { ALT: () => this.CONSUME(T.False) }]);
          return this.ACTION(() => ({ kind: "bool" as const, value: t.tokenType === T.True, span: tokenSpan(t) }))!;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.None);
          return this.ACTION(() => ({ kind: "null" as const, span: tokenSpan(t) }))!;
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.expr);
          const close = this.CONSUME(T.RParen);
          return this.ACTION(() => ({ ...inner, span: isReal(close) ? spanBetween(tokenSpan(open), tokenSpan(close)) : inner.span }))!;
        },
      },
      {
        ALT: () => {
          const list = this.bracketList(() => this.SUBRULE2(this.expr));
          return this.ACTION(() => ({ kind: "list" as const, items: list.items, span: list.span }))!;
        },
      },
      {
        ALT: () => {
          const i = this.CONSUME(T.If);
          const cond = this.SUBRULE3(this.expr);
          this.CONSUME(T.Then);
          const then = this.SUBRULE4(this.expr);
          this.CONSUME(T.Else);
          const otherwise = this.SUBRULE5(this.expr);
          return this.ACTION(() => ({ kind: "if" as const, cond, then, else: otherwise, span: spanBetween(tokenSpan(i), otherwise.span) }))!;
        },
      },
      {
        ALT: () => {
          const n = this.OR4([{ ALT: () => this.CONSUME(T.NameLike) }, { ALT: () => this.CONSUME(T.Round) }]);
          let call: { args: Expr[]; close: IToken } | null = null;
          this.OPTION2(() => {
            this.CONSUME2(T.LParen);
            const args: Expr[] = [];
            this.MANY_SEP2({
              SEP: T.Comma,
              DEF: () => {
                const a = this.SUBRULE6(this.expr);
                this.ACTION(() => args.push(a));
              },
            });
            const close = this.CONSUME2(T.RParen);
            call = { args, close };
          });
          return this.ACTION((): Expr => {
            const name = { text: n.image, span: tokenSpan(n) };
            const c = call as { args: Expr[]; close: IToken } | null;
            if (c) return { kind: "call", callee: name, args: c.args, span: spanBetween(name.span, isReal(c.close) ? tokenSpan(c.close) : name.span) };
            if (n.tokenType === T.Round) this.issue("syntax", `"round" needs its arguments: round(value, step)`, name.span);
            return { kind: "name", name: n.image, span: name.span };
          })!;
        },
      },
    ]);
  });
}

/** `profile.addresses[0].city` → ["profile", "addresses", 0, "city"]; null when malformed. */
export function parseFactPath(text: string): Array<string | number> | null {
  const segments: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\./gy;
  let expectName = true;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < text.length && (m = re.exec(text)) !== null) {
    pos = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectName) return null;
      segments.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      if (expectName) return null;
      segments.push(Number(m[2]));
    } else {
      if (expectName) return null;
      expectName = true;
    }
  }
  return pos === text.length && !expectName && segments.length > 0 ? segments : null;
}

function binary(op: BinaryOp, left: Expr, right: Expr, opTok: IToken): Expr {
  const l = left ?? { kind: "error", span: tokenSpan(opTok) };
  const r = right ?? { kind: "error", span: tokenSpan(opTok) };
  return { kind: "binary", op, left: l, right: r, opSpan: tokenSpan(opTok), span: spanBetween(l.span, r.span) };
}

let shared: PolicyParser | null = null;

/** The parser is built once (grammar analysis is costly) and reused; parsing is synchronous. */
export function policyParser(): PolicyParser {
  shared ??= new PolicyParser();
  return shared;
}

export type { PolicyParser };
