/**
 * The evaluation benchmark's customers: the `thresholds` profile of portfolio/generate.ts (rows
 * exactly on thresholds, 20+ digit decimals, bad input), seed 20240601 unless another is given.
 */
import { type Customer, generatePortfolio as generate } from "../portfolio/generate.js";

export function generatePortfolio(count: number, seed = 20240601): Customer[] {
  return generate(count, { profile: "thresholds", seed });
}
