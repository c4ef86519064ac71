/** Seeded customers for rulesets/distributor-matrix.rules, for differential tests. */
import { mulberry32 } from "../portfolio/random.js";

/** Distributors across every table row: industries, regions, amounts, rates, absent defaults, bad values. */
export function distributors(count: number): Array<Record<string, unknown>> {
  const rnd = mulberry32(11);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const amount = () => `${Math.floor(rnd() * 3_000_000)}.${String(Math.floor(rnd() * 100)).padStart(2, "0")}`;
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const c: Record<string, unknown> = {
      customer_id: `D${i}`,
      industry: pick(["快消品", "医药", "家电", "电子元器件", "建材", "其他"]),
      region: pick(["华东", "华南", "华北", "西部"]),
      years_in_business: Math.floor(rnd() * 20),
      avg_monthly_purchases: amount(),
      requested_limit: pick([amount(), "0", "5000000"]),
      requested_term_days: pick([0, 30, 60, 90, 120]),
      on_time_payment_rate: pick(["0.95", "0.9", "0.8", "0.7", "1", "0", "1.2"]),
      max_overdue_days_12m: pick([0, 15, 30, 45, 60, 90, 120]),
    };
    if (rnd() < 0.5) c.ar_outstanding = amount();
    if (rnd() < 0.5) c.ar_overdue = pick(["0", amount()]);
    if (rnd() < 0.5) c.legal_disputes = pick([0, 1, 2, 3]);
    if (rnd() < 0.5) c.has_guarantor = rnd() < 0.5;
    if (rnd() < 0.5) c.exclusive_distributor = rnd() < 0.5;
    if (rnd() < 0.5) c.collateral_type = pick(["无", "银行承兑汇票", "房产", "存货", "应收账款"]);
    if (rnd() < 0.5) c.collateral_value = amount();
    out.push(c);
  }
  return out;
}

