/**
 * `npm run bench [-- --json] [-- --customers N]`: evaluation speed of trading-standard on one
 * core, from parsed JSON objects to decision records (input checks included; reading files
 * and JSON parsing excluded), against the same policy written for json-rules-engine.
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { Command } from "commander";
import { compile, evaluate, isErrorRecord, jsonLines, type Plan } from "../engine/index.js";
import { createBaselineEngine, decideWithJsonRulesEngine } from "./json-rules-engine-baseline.js";
import { generatePortfolio } from "./portfolio.js";
import { formatScale, runScale } from "./scale.js";

interface Options {
  json: boolean;
  customers: string;
  baseline: string;
  rounds: string;
  scale: boolean;
  scaleCustomers: string;
}

const program = new Command()
  .name("bench")
  .option("--json", "print one JSON object instead of a table", false)
  .option("--customers <n>", "portfolio size", "100000")
  .option("--baseline <n>", "customers run through json-rules-engine (it is slow)", "3000")
  .option("--rounds <n>", "timed passes over the portfolio; the best counts", "5")
  .option("--no-scale", "skip the portfolio-scale runs (bench/scale.ts: whole portfolios through the command line and the server; minutes)")
  .option("--scale-customers <n>", "portfolio size of the scale runs", "1000000")
  .parse();
const opts = program.opts<Options>();
const count = Number.parseInt(opts.customers, 10);
const baselineCount = Math.min(count, Number.parseInt(opts.baseline, 10));
const rounds = Math.max(1, Number.parseInt(opts.rounds, 10));

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const log = (s: string) => {
  if (!opts.json) process.stderr.write(`${s}\n`);
};

const source = readFileSync(new URL("../../rulesets/trading-standard.rules", import.meta.url), "utf8");
const { plan, diagnostics } = compile(source);
if (!plan) throw new Error(`trading-standard does not compile: ${diagnostics.map((d) => d.message).join("; ")}`);

log(`generating ${count} customers...`);
// As the engine meets them in production: objects straight out of JSON.parse.
const customers: unknown[] = generatePortfolio(count).map((c) => JSON.parse(JSON.stringify(c)) as unknown);

/**
 * CPU seconds this process has used. Throughput is decisions per CPU second: on a shared
 * machine wall-clock time also counts time the scheduler gave to other processes.
 */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Records per batch of JSON lines: about what one 256 kB chunk of `eval`'s input holds. */
const LINES_PER_BATCH = 200;

/**
 * One pass over every customer; returns decisions per CPU second and per wall-clock second.
 * `text`: each record is also written as its JSON line, UTF-8 bytes, a batch at a time, as
 * `credit-rules eval` and the server's stream write them (cli/evaluate-batch.ts: the batch is
 * decided, then written).
 */
function pass(p: Plan, explain: boolean, text = false): { perSecond: number; perWallSecond: number; errors: number } {
  let errors = 0;
  const options = { explain };
  let bytes = 0;
  const c0 = cpuSeconds();
  const t0 = process.hrtime.bigint();
  if (text) {
    for (let start = 0; start < customers.length; start += LINES_PER_BATCH) {
      const records = [];
      for (let i = start; i < Math.min(customers.length, start + LINES_PER_BATCH); i++) {
        const r = evaluate(p, customers[i], options);
        records.push(r);
        if (isErrorRecord(r)) errors++;
      }
      bytes += jsonLines(p, records).length;
    }
  } else {
    for (let i = 0; i < customers.length; i++) {
      if (isErrorRecord(evaluate(p, customers[i], options))) errors++;
    }
  }
  if (text && bytes === 0) throw new Error("no record text was written");
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = cpuSeconds() - c0;
  return { perSecond: customers.length / cpu, perWallSecond: customers.length / wall, errors };
}

function best(explain: boolean, text = false): { perSecond: number; perWallSecond: number; errors: number } {
  let top = { perSecond: 0, perWallSecond: 0, errors: 0 };
  for (let r = 0; r < rounds; r++) {
    gc();
    const res = pass(plan!, explain, text);
    log(`  ${text ? "as JSON  " : explain ? "explained" : "plain    "} pass ${r + 1}: ${Math.round(res.perSecond).toLocaleString("en-US")} decisions/CPU s (${Math.round(res.perWallSecond).toLocaleString("en-US")}/s wall clock)`);
    if (res.perSecond > top.perSecond) top = res;
  }
  return top;
}

/** Per-customer latency on every 8th customer (timing each one costs more than a decision). */
function latency(): { p50: number; p99: number; max: number } {
  const samples: number[] = [];
  for (let i = 0; i < customers.length; i++) {
    if ((i & 7) !== 0) {
      evaluate(plan!, customers[i]);
      continue;
    }
    const t0 = process.hrtime.bigint();
    evaluate(plan!, customers[i]);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { p50: at(0.5), p99: at(0.99), max: samples[samples.length - 1] };
}

async function baseline(): Promise<number> {
  const engine = createBaselineEngine();
  const subset = customers.slice(0, baselineCount) as Array<Record<string, unknown>>;
  for (let i = 0; i < Math.min(300, subset.length); i++) await decideWithJsonRulesEngine(engine, subset[i]);
  gc();
  const c0 = cpuSeconds();
  for (const c of subset) await decideWithJsonRulesEngine(engine, c);
  return subset.length / (cpuSeconds() - c0);
}

log("warming up...");
for (let i = 0; i < Math.min(customers.length, 20_000); i++) {
  evaluate(plan, customers[i]);
  evaluate(plan, customers[i], { explain: true });
}

const plain = best(false);
const explained = best(true);
const asText = best(false, true);
const lat = latency();
log(`json-rules-engine on ${baselineCount} customers...`);
const jre = await baseline();
const peakRssMB = process.resourceUsage().maxRSS / 1024;

const round = (x: number, digits = 0) => Number(x.toFixed(digits));
const result = {
  ruleset: plan.name,
  customers: customers.length,
  errorRecords: plain.errors,
  decisionsPerSecond: round(plain.perSecond),
  decisionsPerSecondExplained: round(explained.perSecond),
  decisionsPerSecondAsJsonLines: round(asText.perSecond),
  decisionsPerWallSecond: round(plain.perWallSecond),
  jsonRulesEngineDecisionsPerSecond: round(jre),
  jsonRulesEngineCustomers: baselineCount,
  speedupOverJsonRulesEngine: round(plain.perSecond / jre, 1),
  p50Micros: round(lat.p50, 2),
  p99Micros: round(lat.p99, 2),
  maxMicros: round(lat.max, 1),
  peakRssMB: round(peakRssMB, 1),
  node: process.version,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  loadAverage: round(loadavg()[0], 1),
};

const scaleCustomers = Number.parseInt(opts.scaleCustomers, 10);
const scale = opts.scale ? await runScale({ customers: scaleCustomers, sample: Math.min(200_000, scaleCustomers), serverCustomers: 50_000, log }) : null;

if (opts.json) {
  process.stdout.write(`${JSON.stringify(scale ? { ...result, portfolioScale: scale } : result)}\n`);
} else {
  const n = (x: number) => x.toLocaleString("en-US");
  const rows: Array<[string, string]> = [
    ["ruleset", `${result.ruleset} (${n(result.customers)} customers, ${n(result.errorRecords)} error records)`],
    ["decisions/s, explanations off", `${n(result.decisionsPerSecond)} per CPU second (${n(result.decisionsPerWallSecond)} wall clock)`],
    ["decisions/s, explanations on", n(result.decisionsPerSecondExplained)],
    ["decisions/s, written as JSON lines", n(result.decisionsPerSecondAsJsonLines)],
    ["latency per customer p50", `${result.p50Micros} µs`],
    ["latency per customer p99", `${result.p99Micros} µs`],
    ["peak RSS", `${result.peakRssMB} MB`],
    [`json-rules-engine decisions/s (${n(baselineCount)} customers)`, n(result.jsonRulesEngineDecisionsPerSecond)],
    ["speed-up over json-rules-engine", `${result.speedupOverJsonRulesEngine}×`],
    ["machine", `${result.cpu}, ${result.cores} cores, load average ${result.loadAverage}, node ${result.node}`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  if (scale) process.stdout.write(`\n${formatScale(scale)}\n`);
}
