/**
 * Deterministic portfolios of customers: the same profile and seed give the same rows on every
 * machine. One generator, three profiles for three uses:
 * - `thresholds`: the evaluation benchmark and engine tests (rows on thresholds, 20+ digit
 *   decimals, bad input);
 * - `export`: the portfolio-scale runs and demos (`scripts/generate-portfolio.ts`), realistic
 *   ERP-export rows with Chinese company names;
 * - `redrawn`: differential tests, given sample customers redrawn field by field.
 */
import type { Customer } from "./customer.js";
import { exportCustomers } from "./export-customers.js";
import { mulberry32 } from "./random.js";
import { redrawnCustomers } from "./redrawn-customers.js";
import { thresholdCustomers } from "./threshold-customers.js";

export type { Customer } from "./customer.js";

export type PortfolioOptions =
  | { profile: "thresholds"; seed: number }
  | { profile: "export"; seed: number }
  | { profile: "redrawn"; seed: number; samples: readonly Customer[] };

/** An endless stream of customers; take as many as wanted (a million need not be held at once). */
export function portfolioCustomers(options: PortfolioOptions): Iterator<Customer, never> {
  const rnd = mulberry32(options.seed);
  switch (options.profile) {
    case "thresholds":
      return thresholdCustomers(rnd);
    case "export":
      return exportCustomers(rnd);
    case "redrawn":
      return redrawnCustomers(rnd, options.samples);
  }
}

export function generatePortfolio(count: number, options: PortfolioOptions): Customer[] {
  const customers = portfolioCustomers(options);
  const rows: Customer[] = [];
  for (let i = 0; i < count; i++) rows.push(customers.next().value);
  return rows;
}
