/**
 * trading-standard written the way a json-rules-engine 7 user typically writes it, for the
 * benchmark's comparison: input checks and derived facts in JS (decimal.js, so it is as exact
 * as ours), every band, cap, warning and approval route a rule with an event, and the
 * decision assembled from the events. test/json-rules-engine-baseline.test.ts proves it
 * decides the sample customers exactly as the reference ruleset does.
 */
import { Decimal as DecimalJs } from "decimal.js";
import { type Almanac, Engine, type RuleProperties, type TopLevelCondition } from "json-rules-engine";

const Decimal = DecimalJs.clone({ precision: 40 });
type Decimal = InstanceType<typeof Decimal>;

const MONEY = [
  "total_assets", "total_liabilities", "current_assets", "current_liabilities", "inventory", "revenue_last_year", "revenue_prev_year",
  "net_profit_last_year", "net_profit_prev_year", "ar_outstanding", "ar_overdue", "order_amount", "monthly_sales_forecast",
  "avg_monthly_collections_12m", "collateral_value", "current_limit", "requested_limit",
];
const SIGNED = new Set(["net_profit_last_year", "net_profit_prev_year"]);
const INTS = [
  "relationship_months", "years_in_business", "negative_ocf_months", "revenue_decline_months", "avg_days_to_pay_12m", "avg_days_to_pay_hist",
  "max_overdue_days_24m", "broken_promises_12m", "oldest_overdue_days", "requested_term_days", "orders_zero_months", "inventory_turnover_days",
  "inventory_turnover_days_prev",
];
const BOOLS = [
  "key_documents_complete", "bad_debt_24m", "reconciliation_unconfirmed", "legal_dispute_serious", "regulator_suspension", "bank_account_freeze_risk",
  "illegal_operation", "fraud_flag", "equity_change_recent", "controller_litigation",
];
const DEFAULT_ZERO = new Set(["order_amount", "collateral_value", "current_limit", "requested_limit", "requested_term_days"]);

export interface BaselineDecision {
  customerId: string;
  score: string;
  grade: string;
  gradeReasons: string[];
  termDays: number;
  limit: string;
  warnings: string[];
  frozen: boolean;
  approval: { level: number; chain: string[]; exception: boolean };
  paymentMode: string;
  limitChange: string;
}

export interface BaselineError {
  customerId: string;
  error: string;
}

/** Facts → typed facts (Decimal for money and ratios), or the first problem found. */
function checkInput(raw: Record<string, unknown>): Record<string, unknown> | string {
  const facts: Record<string, unknown> = {};
  for (const k of MONEY) {
    const v = raw[k] ?? (DEFAULT_ZERO.has(k) ? "0" : undefined);
    if (typeof v !== "string" && typeof v !== "number") return `${k} is missing`;
    let d: Decimal;
    try {
      d = new Decimal(v);
    } catch {
      return `${k} is not a number`;
    }
    if (!d.isFinite()) return `${k} is not a number`;
    if (d.isNegative() && !d.isZero() && !SIGNED.has(k)) return `${k} must not be negative`;
    facts[k] = d;
  }
  for (const k of INTS) {
    const v = raw[k] ?? (DEFAULT_ZERO.has(k) ? 0 : undefined);
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) return `${k} must be a whole number`;
    facts[k] = v;
  }
  for (const k of BOOLS) {
    if (typeof raw[k] !== "boolean") return `${k} must be true or false`;
    facts[k] = raw[k];
  }
  const rate = raw.on_time_payment_rate_12m;
  let r: Decimal;
  try {
    r = new Decimal(rate as string);
  } catch {
    return "on_time_payment_rate_12m is not a number";
  }
  if (!r.isFinite() || r.lt(0) || r.gt(1)) return "on_time_payment_rate_12m must be between 0 and 1";
  facts.on_time_payment_rate_12m = r;
  return facts;
}

const dec = (x: unknown): Decimal | null => (x === null || x === undefined ? null : x instanceof Decimal ? x : new Decimal(x as string | number));

/** Exact comparisons: the built-in operators compare binary floats. */
function addDecimalOperators(engine: Engine): void {
  const op = (name: string, test: (k: number) => boolean) =>
    engine.addOperator(name, (a: unknown, b: unknown) => {
      const x = dec(a);
      const y = dec(b);
      return x !== null && y !== null && test(x.cmp(y));
    });
  op("decEq", (k) => k === 0);
  op("decGt", (k) => k > 0);
  op("decGte", (k) => k >= 0);
  op("decLt", (k) => k < 0);
  op("decLte", (k) => k <= 0);
}

/** Derived metrics as computed facts; null when the divisor rules the metric out. */
function addDerivedFacts(engine: Engine): void {
  const quotient = (num: (a: Almanac) => Promise<Decimal>, den: string) => async (_p: unknown, a: Almanac) => {
    const d = (await a.factValue(den)) as Decimal;
    return d.gt(0) ? (await num(a)).div(d) : null;
  };
  const fact = (name: string) => async (a: Almanac) => (await a.factValue(name)) as Decimal;
  engine.addFact("debt_ratio", quotient(fact("total_liabilities"), "total_assets"));
  engine.addFact("current_ratio", quotient(fact("current_assets"), "current_liabilities"));
  engine.addFact("quick_ratio", quotient(async (a) => ((await a.factValue("current_assets")) as Decimal).minus((await a.factValue("inventory")) as Decimal), "current_liabilities"));
  engine.addFact("net_margin", quotient(fact("net_profit_last_year"), "revenue_last_year"));
  engine.addFact(
    "revenue_growth",
    quotient(async (a) => ((await a.factValue("revenue_last_year")) as Decimal).minus((await a.factValue("revenue_prev_year")) as Decimal), "revenue_prev_year"),
  );
  engine.addFact("pay_trend", async (_p, a) => {
    const hist = (await a.factValue("avg_days_to_pay_hist")) as number;
    return hist > 0 ? new Decimal((await a.factValue("avg_days_to_pay_12m")) as number).div(hist) : null;
  });
  engine.addFact("exposure", async (_p, a) => ((await a.factValue("ar_outstanding")) as Decimal).plus((await a.factValue("order_amount")) as Decimal));
  engine.addFact("limit_near_threshold", async (_p, a) => ((await a.factValue("current_limit")) as Decimal).times("0.9"));
  engine.addFact("payment_slowdown_threshold", async (_p, a) => 2 * ((await a.factValue("avg_days_to_pay_hist")) as number));
  engine.addFact("inventory_slowdown_threshold", async (_p, a) => new Decimal((await a.factValue("inventory_turnover_days_prev")) as number).times("1.5"));
}

type Cond = { fact: string; operator: string; value: unknown };
const c = (fact: string, operator: string, value: unknown): Cond => ({ fact, operator, value });
const all = (...conds: Cond[]): TopLevelCondition => ({ all: conds });

interface Band {
  when: Cond | null;
  points: number;
}
const INDICATORS: Array<{ code: string; weight: number; bands: Band[] }> = [
  { code: "debt_ratio", weight: 12, bands: [
    { when: c("total_assets", "decLte", 0), points: 0 },
    { when: c("debt_ratio", "decLte", "0.40"), points: 100 },
    { when: c("debt_ratio", "decLte", "0.55"), points: 75 },
    { when: c("debt_ratio", "decLte", "0.70"), points: 40 },
    { when: null, points: 0 },
  ] },
  { code: "current_ratio", weight: 8, bands: [
    { when: c("current_liabilities", "decEq", 0), points: 100 },
    { when: c("current_ratio", "decGte", "2.0"), points: 100 },
    { when: c("current_ratio", "decGte", "1.5"), points: 80 },
    { when: c("current_ratio", "decGte", "1.0"), points: 50 },
    { when: null, points: 0 },
  ] },
  { code: "quick_ratio", weight: 5, bands: [
    { when: c("current_liabilities", "decEq", 0), points: 100 },
    { when: c("quick_ratio", "decGte", "1.0"), points: 100 },
    { when: c("quick_ratio", "decGte", "0.8"), points: 70 },
    { when: c("quick_ratio", "decGte", "0.5"), points: 40 },
    { when: null, points: 0 },
  ] },
  { code: "net_margin", weight: 5, bands: [
    { when: c("net_profit_last_year", "decLte", 0), points: 0 },
    { when: c("revenue_last_year", "decEq", 0), points: 0 },
    { when: c("net_margin", "decGte", "0.10"), points: 100 },
    { when: c("net_margin", "decGte", "0.05"), points: 80 },
    { when: null, points: 50 },
  ] },
  { code: "negative_ocf_months", weight: 10, bands: [
    { when: c("negative_ocf_months", "equal", 0), points: 100 },
    { when: c("negative_ocf_months", "lessThanInclusive", 2), points: 50 },
    { when: null, points: 0 },
  ] },
  { code: "years_in_business", weight: 8, bands: [
    { when: c("years_in_business", "greaterThanInclusive", 10), points: 100 },
    { when: c("years_in_business", "greaterThanInclusive", 5), points: 80 },
    { when: c("years_in_business", "greaterThanInclusive", 3), points: 60 },
    { when: c("years_in_business", "greaterThanInclusive", 1), points: 30 },
    { when: null, points: 0 },
  ] },
  { code: "relationship_months", weight: 7, bands: [
    { when: c("relationship_months", "greaterThanInclusive", 36), points: 100 },
    { when: c("relationship_months", "greaterThanInclusive", 24), points: 80 },
    { when: c("relationship_months", "greaterThanInclusive", 12), points: 60 },
    { when: c("relationship_months", "greaterThanInclusive", 3), points: 30 },
    { when: null, points: 0 },
  ] },
  { code: "revenue_growth", weight: 10, bands: [
    { when: c("revenue_prev_year", "decEq", 0), points: 40 },
    { when: c("revenue_growth", "decGte", "0.20"), points: 100 },
    { when: c("revenue_growth", "decGte", "0.05"), points: 80 },
    { when: c("revenue_growth", "decGte", "-0.05"), points: 60 },
    { when: c("revenue_growth", "decGte", "-0.20"), points: 30 },
    { when: null, points: 0 },
  ] },
  { code: "on_time_payment_rate_12m", weight: 15, bands: [
    { when: c("relationship_months", "lessThan", 3), points: 50 },
    { when: c("on_time_payment_rate_12m", "decGte", "0.95"), points: 100 },
    { when: c("on_time_payment_rate_12m", "decGte", "0.85"), points: 80 },
    { when: c("on_time_payment_rate_12m", "decGte", "0.70"), points: 50 },
    { when: null, points: 0 },
  ] },
  { code: "max_overdue_days_24m", weight: 10, bands: [
    { when: c("max_overdue_days_24m", "equal", 0), points: 100 },
    { when: c("max_overdue_days_24m", "lessThanInclusive", 15), points: 80 },
    { when: c("max_overdue_days_24m", "lessThanInclusive", 30), points: 60 },
    { when: c("max_overdue_days_24m", "lessThanInclusive", 60), points: 30 },
    { when: null, points: 0 },
  ] },
  { code: "pay_trend", weight: 10, bands: [
    { when: c("relationship_months", "lessThan", 3), points: 50 },
    { when: c("avg_days_to_pay_hist", "equal", 0), points: 50 },
    { when: c("pay_trend", "decLte", "1.1"), points: 100 },
    { when: c("pay_trend", "decLte", "1.3"), points: 70 },
    { when: c("pay_trend", "decLte", "1.6"), points: 40 },
    { when: null, points: 0 },
  ] },
];

const GRADES = ["A", "B", "C", "D"];
const CAPS: Array<{ code: string; grade: string; conditions: TopLevelCondition }> = [
  { code: "KO_FRAUD", grade: "D", conditions: all(c("fraud_flag", "equal", true)) },
  { code: "KO_SUSPENDED", grade: "D", conditions: all(c("regulator_suspension", "equal", true)) },
  { code: "KO_ACCOUNT_FREEZE", grade: "D", conditions: all(c("bank_account_freeze_risk", "equal", true)) },
  { code: "KO_ILLEGAL", grade: "D", conditions: all(c("illegal_operation", "equal", true)) },
  { code: "CAP_BAD_DEBT", grade: "C", conditions: all(c("bad_debt_24m", "equal", true)) },
  { code: "CAP_DISPUTE", grade: "C", conditions: all(c("legal_dispute_serious", "equal", true)) },
  { code: "CAP_BROKEN_PROMISES", grade: "C", conditions: all(c("broken_promises_12m", "greaterThanInclusive", 3)) },
  { code: "CAP_REVENUE_DECLINE", grade: "C", conditions: all(c("revenue_decline_months", "greaterThanInclusive", 6)) },
  { code: "CAP_NEW_CUSTOMER", grade: "B", conditions: all(c("relationship_months", "lessThan", 12)) },
  { code: "CAP_DOCS", grade: "B", conditions: all(c("key_documents_complete", "equal", false)) },
  { code: "CAP_PROFIT_HISTORY", grade: "B", conditions: { any: [c("net_profit_last_year", "decLte", 0), c("net_profit_prev_year", "decLte", 0)] } },
];

const WARNINGS: Array<{ code: string; action: string; conditions: TopLevelCondition }> = [
  { code: "LIMIT_NEAR", action: "notify", conditions: all(c("current_limit", "decGt", 0), c("exposure", "decGte", { fact: "limit_near_threshold" }), c("exposure", "decLte", { fact: "current_limit" })) },
  { code: "LIMIT_EXCEEDED", action: "freeze", conditions: all(c("exposure", "decGt", { fact: "current_limit" })) },
  { code: "OVERDUE", action: "collect", conditions: all(c("ar_overdue", "decGt", 0), c("oldest_overdue_days", "lessThanInclusive", 90)) },
  { code: "OVERDUE_90", action: "freeze", conditions: all(c("oldest_overdue_days", "greaterThan", 90)) },
  { code: "PAYMENT_SLOWDOWN", action: "review", conditions: all(c("avg_days_to_pay_hist", "greaterThan", 0), c("avg_days_to_pay_12m", "greaterThanInclusive", { fact: "payment_slowdown_threshold" })) },
  { code: "ORDER_GAP", action: "review", conditions: all(c("relationship_months", "greaterThanInclusive", 12), c("orders_zero_months", "greaterThanInclusive", 2)) },
  { code: "NEGATIVE_CASH_FLOW", action: "review", conditions: all(c("negative_ocf_months", "greaterThanInclusive", 3)) },
  { code: "INVENTORY_SLOWDOWN", action: "review", conditions: all(c("inventory_turnover_days_prev", "greaterThan", 0), c("inventory_turnover_days", "decGte", { fact: "inventory_slowdown_threshold" })) },
  { code: "MAJOR_EVENT", action: "special_review", conditions: { any: [c("equity_change_recent", "equal", true), c("controller_litigation", "equal", true)] } },
  { code: "UNCONFIRMED_RECONCILIATION", action: "freeze", conditions: all(c("reconciliation_unconfirmed", "equal", true), c("ar_overdue", "decGt", 0)) },
  { code: "REVENUE_DECLINE", action: "review", conditions: all(c("revenue_decline_months", "greaterThanInclusive", 3)) },
  { code: "HIGH_DEBT", action: "review", conditions: { any: [c("total_assets", "decLte", 0), c("debt_ratio", "decGt", "0.80")] } },
];

const CHAINS: Record<number, string[]> = {
  0: [],
  1: ["sales_manager", "finance_manager"],
  2: ["sales_manager", "finance_manager", "general_manager"],
  3: ["sales_manager", "finance_manager", "general_manager", "division_head", "treasury", "cfo"],
};
const ROUTES: Array<{ level: number; conditions: TopLevelCondition }> = [
  { level: 0, conditions: all(c("requested_limit", "decEq", 0)) },
  { level: 1, conditions: all(c("requested_limit", "decLte", 500_000), c("requested_term_days", "lessThanInclusive", 60)) },
  { level: 2, conditions: all(c("requested_limit", "decLte", 3_000_000), c("requested_term_days", "lessThanInclusive", 100)) },
  { level: 3, conditions: all(c("requested_limit", "decGte", 0)) },
];

const ALWAYS = all(c("relationship_months", "greaterThanInclusive", 0));

function rules(): RuleProperties[] {
  const out: RuleProperties[] = [];
  for (const ind of INDICATORS) {
    ind.bands.forEach((b, order) => {
      out.push({ name: `${ind.code}#${order}`, conditions: b.when ? all(b.when) : ALWAYS, event: { type: "band", params: { indicator: ind.code, order, points: b.points } } });
    });
  }
  CAPS.forEach((cap, order) => out.push({ name: cap.code, conditions: cap.conditions, event: { type: "cap", params: { code: cap.code, grade: cap.grade, order } } }));
  WARNINGS.forEach((w, order) => out.push({ name: w.code, conditions: w.conditions, event: { type: "warning", params: { code: w.code, action: w.action, order } } }));
  ROUTES.forEach((r, order) => out.push({ name: `route-${r.level}`, conditions: r.conditions, event: { type: "route", params: { level: r.level, order } } }));
  return out;
}

export function createBaselineEngine(): Engine {
  const engine = new Engine(rules(), { allowUndefinedFacts: false });
  addDecimalOperators(engine);
  addDerivedFacts(engine);
  return engine;
}

const TERMS: Record<string, number> = { A: 60, B: 30, C: 15, D: 0 };

export async function decideWithJsonRulesEngine(engine: Engine, raw: Record<string, unknown>): Promise<BaselineDecision | BaselineError> {
  const customerId = String(raw.customer_id);
  const facts = checkInput(raw);
  if (typeof facts === "string") return { customerId, error: facts };
  const { events } = await engine.run(facts);

  const bands = new Map<string, { order: number; points: number }>();
  const caps: Array<{ code: string; grade: string; order: number }> = [];
  const warnings: Array<{ code: string; action: string; order: number }> = [];
  let route: { level: number; order: number } | null = null;
  for (const e of events) {
    const p = e.params as { indicator: string; order: number; points: number; code: string; grade: string; action: string; level: number };
    if (e.type === "band") {
      const seen = bands.get(p.indicator);
      if (!seen || p.order < seen.order) bands.set(p.indicator, { order: p.order, points: p.points });
    } else if (e.type === "cap") caps.push(p);
    else if (e.type === "warning") warnings.push(p);
    else if (e.type === "route" && (route === null || p.order < route.order)) route = p;
  }

  let score = new Decimal(0);
  for (const ind of INDICATORS) score = score.plus(new Decimal(ind.weight).times(bands.get(ind.code)!.points).div(100));
  let grade = score.gte(85) ? "A" : score.gte(70) ? "B" : score.gte(55) ? "C" : "D";
  caps.sort((a, b) => a.order - b.order);
  for (const cap of caps) if (GRADES.indexOf(cap.grade) > GRADES.indexOf(grade)) grade = cap.grade;

  const f = facts as {
    [k: string]: unknown;
    monthly_sales_forecast: Decimal;
    avg_monthly_collections_12m: Decimal;
    collateral_value: Decimal;
    current_limit: Decimal;
    requested_limit: Decimal;
    relationship_months: number;
    requested_term_days: number;
    bad_debt_24m: boolean;
  };
  const forecast = f.monthly_sales_forecast;
  const collections = f.avg_monthly_collections_12m;
  let termDays = TERMS[grade];
  let limit: Decimal;
  if (f.relationship_months < 3) {
    termDays = 0;
    limit = new Decimal(0);
  } else if (grade === "A") limit = Decimal.min(forecast.times(3), collections.times(3));
  else if (grade === "B") limit = Decimal.min(forecast.times(2), collections.times(2), f.collateral_value.plus(1_000_000));
  else if (grade === "C") limit = f.bad_debt_24m ? new Decimal(0) : Decimal.min(forecast.div(2), 100_000);
  else limit = new Decimal(0);
  limit = Decimal.max(limit.div(1000).floor().times(1000), 0);

  warnings.sort((a, b) => a.order - b.order);
  const frozen = warnings.some((w) => w.action === "freeze");
  const r = route as { level: number } | null;
  let level = r!.level;
  let exception = false;
  let chain = CHAINS[level];
  if (level > 0 && (f.requested_limit.gt(limit) || f.requested_term_days > termDays)) {
    exception = true;
    level = Math.max(level, 2);
    chain = [...CHAINS[level], "credit_committee"];
  }
  return {
    customerId,
    score: score.toFixed(),
    grade,
    gradeReasons: caps.map((x) => x.code),
    termDays,
    limit: limit.toFixed(),
    warnings: warnings.map((w) => w.code),
    frozen,
    approval: { level, chain, exception },
    paymentMode: grade === "D" ? "prepayment" : limit.isZero() ? "cash_on_delivery" : "credit",
    limitChange: grade === "D" && f.current_limit.gt(0) ? "cancel" : limit.gt(f.current_limit) ? "increase" : limit.eq(f.current_limit) ? "maintain" : "decrease",
  };
}
