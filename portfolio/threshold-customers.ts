/**
 * Trading-standard customers for the evaluation benchmark: amounts are decimal strings with
 * cents, like the sample customers; about 10 % of rows sit exactly on band, cap and warning
 * thresholds, 0.1 % carry 20+ digit decimals (the exact-arithmetic fallback) and 0.2 % are bad
 * input (error records).
 */
import { money } from "./money.js";
import { draws } from "./random.js";
import type { Customer } from "./customer.js";

export function* thresholdCustomers(rnd: () => number): Generator<Customer, never> {
  const { int, chance, pick } = draws(rnd);
  /** Cents between lo and hi whole units, log-uniform like real company sizes. */
  const amount = (lo: number, hi: number) => Math.floor(Math.exp(Math.log(lo) + rnd() * (Math.log(hi) - Math.log(lo))) * 100);
  for (let i = 0; ; i++) {
    const boundary = chance(0.1);
    const relationship = chance(0.08) ? int(0, 2) : pick([int(3, 11), int(12, 23), int(24, 35), int(36, 180)]);
    let assets = chance(0.005) ? 0 : amount(500_000, 500_000_000);
    let liabilities = Math.floor(assets * (0.1 + rnd() * 0.95));
    if (boundary) {
      // Exactly on a debt-ratio band or the HIGH_DEBT threshold: 40%, 55%, 70%, 80%.
      assets = int(1_000, 500_000) * 10_000;
      liabilities = (assets / 100) * pick([40, 55, 70, 80]);
    }
    let currentAssets = Math.floor(assets * (0.2 + rnd() * 0.5));
    if (boundary) currentAssets -= currentAssets % 2;
    // On the boundary: current ratio exactly 2.0, 1.0 or 0.5.
    const currentLiabilities = chance(0.02) ? 0 : boundary ? pick([currentAssets / 2, currentAssets, currentAssets * 2]) : Math.floor(currentAssets * (0.3 + rnd() * 1.2));
    const inventory = Math.floor(currentAssets * rnd() * 0.6);
    let revenueLast = chance(0.01) ? 0 : amount(1_000_000, 2_000_000_000);
    if (boundary) revenueLast -= revenueLast % 1200;
    // On the boundary: growth exactly 20%, margin exactly 10% or 5%.
    const revenuePrev = chance(0.03) ? 0 : boundary ? (revenueLast / 120) * 100 : Math.floor(revenueLast / (0.7 + rnd() * 0.6));
    const margin = -0.08 + rnd() * 0.25;
    const profitLast = boundary ? pick([revenueLast / 10, revenueLast / 20, 0]) : Math.floor(revenueLast * margin);
    const profitPrev = Math.floor(revenueLast * (-0.05 + rnd() * 0.2));
    const hist = chance(0.1) ? 0 : int(15, 90);
    const days12 = hist === 0 ? int(0, 90) : boundary ? pick([hist * 2, Math.round(hist * 1.1)]) : Math.floor(hist * (0.6 + rnd() * 1.6));
    const arOutstanding = amount(10_000, 20_000_000);
    const arOverdue = chance(0.6) ? 0 : Math.floor(arOutstanding * rnd() * 0.5);
    const forecast = amount(50_000, 5_000_000);
    const currentLimit = chance(0.15) ? 0 : boundary ? Math.floor(arOutstanding / 9) * 10 : Math.floor(forecast * (0.5 + rnd() * 3));
    const requested = chance(0.2) ? 0 : pick([int(1, 500) * 1_000_00, int(1, 3_000) * 1_000_00, amount(100_000, 10_000_000)]);
    const turnoverPrev = chance(0.1) ? 0 : int(10, 60) * 2;
    const c: Customer = {
      customer_id: `P${String(i + 1).padStart(7, "0")}`,
      name: `Customer ${i + 1}`,
      relationship_months: relationship,
      years_in_business: int(0, 40),
      key_documents_complete: !chance(0.06),
      total_assets: money(assets),
      total_liabilities: money(liabilities),
      current_assets: money(currentAssets),
      current_liabilities: money(currentLiabilities),
      inventory: money(inventory),
      revenue_last_year: money(revenueLast),
      revenue_prev_year: money(revenuePrev),
      net_profit_last_year: money(profitLast),
      net_profit_prev_year: money(profitPrev),
      negative_ocf_months: chance(0.7) ? 0 : int(1, 8),
      revenue_decline_months: chance(0.7) ? 0 : int(1, 9),
      on_time_payment_rate_12m: boundary ? pick(["0.95", "0.85", "0.70", "0.7"]) : `0.${String(int(40, 99)).padStart(2, "0")}`,
      avg_days_to_pay_12m: days12,
      avg_days_to_pay_hist: hist,
      max_overdue_days_24m: chance(0.4) ? 0 : boundary ? pick([15, 30, 60]) : int(1, 150),
      bad_debt_24m: chance(0.04),
      broken_promises_12m: chance(0.8) ? 0 : int(1, 5),
      ar_outstanding: money(arOutstanding),
      ar_overdue: money(arOverdue),
      oldest_overdue_days: arOverdue === 0 ? 0 : boundary ? pick([90, 91]) : int(1, 180),
      monthly_sales_forecast: money(forecast),
      avg_monthly_collections_12m: money(Math.floor(forecast * (0.6 + rnd() * 0.6))),
      current_term_days: pick([0, 30, 60, 90]),
      requested_limit: money(requested),
      requested_term_days: pick([0, 30, 45, 60, 90, 100, 120]),
      orders_zero_months: chance(0.85) ? 0 : int(1, 6),
      inventory_turnover_days: turnoverPrev === 0 ? int(20, 150) : boundary ? turnoverPrev * 1.5 : Math.floor(turnoverPrev * (0.6 + rnd())),
      inventory_turnover_days_prev: turnoverPrev,
      reconciliation_unconfirmed: chance(0.05),
      legal_dispute_serious: chance(0.01),
      regulator_suspension: chance(0.005),
      bank_account_freeze_risk: chance(0.01),
      illegal_operation: chance(0.003),
      fraud_flag: chance(0.003),
      equity_change_recent: chance(0.03),
      controller_litigation: chance(0.02),
    };
    // Defaulted fields are sometimes left out, as a real export does.
    if (!chance(0.3)) c.order_amount = money(chance(0.5) ? 0 : amount(1_000, 2_000_000));
    if (!chance(0.5)) c.collateral_value = money(chance(0.7) ? 0 : amount(10_000, 5_000_000));
    if (!chance(0.2)) c.current_limit = money(currentLimit);
    if (chance(0.001)) {
      // Beyond safe integers: 20+ significant digits take the decimal.js path.
      c.total_liabilities = `${money(liabilities)}000000000000${int(1, 9)}`;
      c.ar_outstanding = `${money(arOutstanding)}00000000000000000${int(1, 9)}`;
    }
    if (chance(0.002)) {
      // Bad input: the engine must answer with an error record naming the field.
      const bad = pick(["missing", "garbled", "negative", "ratio"]);
      if (bad === "missing") delete c.total_assets;
      else if (bad === "garbled") c.revenue_last_year = "12,5O0";
      else if (bad === "negative") c.inventory = "-100.00";
      else c.on_time_payment_rate_12m = "95";
    }
    yield c;
  }
}
