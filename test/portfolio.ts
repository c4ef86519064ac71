/**
 * A seeded portfolio of customers for differential tests: each is a sample customer with its
 * amounts, ratios, counts and flags redrawn, so thresholds are crossed in every direction.
 */
import { readFileSync } from "node:fs";

/** mulberry32: small, fast, reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleCustomers(): Array<Record<string, unknown>> {
  const text = readFileSync(new URL("./fixtures/customers-sample.jsonl", import.meta.url), "utf8");
  return text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

const money = /^\d+\.\d\d$/;
const ratio = /^0\.\d+$|^1(\.0+)?$/;

export function generatePortfolio(count: number, seed: number): Array<Record<string, unknown>> {
  const rnd = random(seed);
  const samples = sampleCustomers();
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const base = samples[Math.floor(rnd() * samples.length)];
    const c: Record<string, unknown> = { ...base, customer_id: `P${String(i + 1).padStart(5, "0")}` };
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
    out.push(c);
  }
  return out;
}
