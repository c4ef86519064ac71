/**
 * Writes a deterministic portfolio of trading-standard customers as JSONL, for benchmarks and
 * demos: `node dist/scripts/generate-portfolio.js --count 1000000 --seed 42 > tmp/portfolio.jsonl`.
 * The same seed always yields the same file. `--profile` picks the kind of rows
 * (portfolio/generate.ts): `export` (default; ERP-export rows with Chinese company names) or
 * `thresholds` (the evaluation benchmark's rows: on thresholds, 20+ digit decimals, bad input).
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { portfolioCustomers } from "../portfolio/generate.js";

const profiles = ["export", "thresholds"] as const;

function wholeNumber(name: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new Error(`--${name} must be a whole number of at least ${min}, not "${text}"`);
  }
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: "1000" },
      seed: { type: "string", default: "42" },
      profile: { type: "string", default: "export" },
      output: { type: "string", short: "o" },
    },
  });
  const count = wholeNumber("count", values.count!, 0);
  const seed = wholeNumber("seed", values.seed!, 0);
  const profile = profiles.find((p) => p === values.profile);
  if (!profile) throw new Error(`--profile must be one of ${profiles.join(", ")}, not "${values.profile}"`);
  const customers = portfolioCustomers({ profile, seed });
  const out: Writable = values.output ? createWriteStream(values.output) : process.stdout;
  let batch = "";
  for (let i = 1; i <= count; i++) {
    batch += `${JSON.stringify(customers.next().value)}\n`;
    if (batch.length > 1 << 20 || i === count) {
      if (!out.write(batch)) await once(out, "drain");
      batch = "";
    }
  }
  if (out !== process.stdout) {
    out.end();
    await once(out, "finish");
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await main();
  } catch (e) {
    process.stderr.write(`generate-portfolio: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
