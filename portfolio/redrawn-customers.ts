/**
 * Customers for differential tests: each is one of the given samples with its amounts, ratios,
 * counts and flags redrawn, so thresholds are crossed in every direction.
 */
import type { Customer } from "./customer.js";

const money = /^\d+\.\d\d$/;
const ratio = /^0\.\d+$|^1(\.0+)?$/;

export function* redrawnCustomers(rnd: () => number, samples: readonly Customer[]): Generator<Customer, never> {
  if (samples.length === 0) throw new Error("redrawn customers need at least one sample customer");
  for (let i = 0; ; i++) {
    const base = samples[Math.floor(rnd() * samples.length)];
    const c: Customer = { ...base, customer_id: `P${String(i + 1).padStart(5, "0")}` };
    for (const [k, v] of Object.entries(base)) {
      if (k === "customer_id" || k === "name" || rnd() < 0.5) continue;
      if (typeof v === "boolean") c[k] = rnd() < 0.2;
      else if (typeof v === "number" && Number.isInteger(v)) c[k] = Math.floor(rnd() * (v * 2 + 10));
      else if (typeof v === "string" && ratio.test(v)) c[k] = (Math.floor(rnd() * 101) / 100).toFixed(2);
      else if (typeof v === "string" && money.test(v)) {
        // Redraw around the sample value, with exact cents; sometimes exactly zero.
        const cents = rnd() < 0.1 ? 0n : (BigInt(v.replace(".", "")) * BigInt(Math.floor(rnd() * 300))) / 100n + BigInt(Math.floor(rnd() * 100));
        c[k] = `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
      }
    }
    yield c;
  }
}
