/**
 * Trading-standard customers as an ERP export gives them, for the portfolio-scale runs and
 * demos: 44 fields, amounts as decimal strings with cents, counts as JSON numbers, ratios as
 * decimal strings, Chinese company names.
 */
import { money } from "./money.js";
import { draws } from "./random.js";
import type { Customer } from "./customer.js";

const cities = ["北京", "上海", "广州", "深圳", "重庆", "成都", "武汉", "杭州", "南京", "西安", "苏州", "天津"];
const trades = ["建材贸易", "电子元件", "五金机电", "化工原料", "汽车配件", "纺织面料", "食品批发", "医疗器械"];

export function* exportCustomers(rnd: () => number): Generator<Customer, never> {
  const { int, chance } = draws(rnd);
  for (let i = 1; ; i++) {
    const size = 10 ** (6 + rnd() * 2.5); // total assets between 1 M and about 300 M yuan, in yuan
    const assets = size * 100;
    const debt = assets * (0.2 + rnd() * 0.75);
    const current = assets * (0.25 + rnd() * 0.4);
    const currentLiab = debt * (0.4 + rnd() * 0.5);
    const revenue = assets * (0.8 + rnd() * 4);
    const revenuePrev = revenue / (0.7 + rnd() * 0.6);
    const margin = -0.05 + rnd() * 0.2;
    const monthlySales = revenue / 12 / (5 + rnd() * 20);
    const arOutstanding = monthlySales * rnd() * 3;
    const overdue = chance(0.3) ? arOutstanding * rnd() * 0.4 : 0;
    const currentLimit = chance(0.7) ? monthlySales * int(1, 3) : 0;
    const relationship = int(0, 120);
    yield {
      customer_id: `P${String(i).padStart(7, "0")}`,
      name: `${cities[int(0, cities.length - 1)]}${trades[int(0, trades.length - 1)]}${i % 1000}号`,
      relationship_months: relationship,
      years_in_business: int(0, 30),
      key_documents_complete: chance(0.9),
      total_assets: money(assets),
      total_liabilities: money(debt),
      current_assets: money(current),
      current_liabilities: money(currentLiab),
      inventory: money(current * rnd() * 0.5),
      revenue_last_year: money(revenue),
      revenue_prev_year: money(revenuePrev),
      net_profit_last_year: money(revenue * margin),
      net_profit_prev_year: money(revenuePrev * (-0.05 + rnd() * 0.2)),
      negative_ocf_months: chance(0.8) ? 0 : int(1, 6),
      revenue_decline_months: chance(0.75) ? 0 : int(1, 9),
      on_time_payment_rate_12m: `0.${String(int(50, 100) === 100 ? 99 : int(50, 99)).padStart(2, "0")}`,
      avg_days_to_pay_12m: int(10, 120),
      avg_days_to_pay_hist: relationship < 12 ? 0 : int(10, 90),
      max_overdue_days_24m: chance(0.5) ? 0 : int(1, 120),
      bad_debt_24m: chance(0.05),
      broken_promises_12m: chance(0.8) ? 0 : int(1, 5),
      ar_outstanding: money(arOutstanding),
      ar_overdue: money(overdue),
      oldest_overdue_days: overdue > 0 ? int(1, 150) : 0,
      order_amount: money(monthlySales * rnd() * 0.5),
      monthly_sales_forecast: money(monthlySales),
      avg_monthly_collections_12m: money(monthlySales * (0.6 + rnd() * 0.5)),
      collateral_value: chance(0.2) ? money(assets * rnd() * 0.1) : "0.00",
      current_limit: money(currentLimit),
      current_term_days: currentLimit > 0 ? [15, 30, 60][int(0, 2)] : 0,
      requested_limit: chance(0.4) ? money(monthlySales * int(1, 4)) : "0.00",
      requested_term_days: [0, 30, 60, 90, 120][int(0, 4)],
      orders_zero_months: chance(0.85) ? 0 : int(1, 6),
      inventory_turnover_days: int(15, 180),
      inventory_turnover_days_prev: chance(0.1) ? 0 : int(15, 150),
      reconciliation_unconfirmed: chance(0.1),
      legal_dispute_serious: chance(0.03),
      regulator_suspension: chance(0.01),
      bank_account_freeze_risk: chance(0.01),
      illegal_operation: chance(0.005),
      fraud_flag: chance(0.005),
      equity_change_recent: chance(0.05),
      controller_litigation: chance(0.03),
    };
  }
}
