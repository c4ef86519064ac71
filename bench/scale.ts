/**
 * Portfolio scale: the command line over whole generated portfolios, as a user runs it.
 *   - `eval` throughput (JSONL → JSONL) on one worker thread and on every core;
 *   - 1,000,000 customers: `eval` and `impact` wall time and peak memory (resident set);
 *   - the server's streaming batch endpoint: customers per second with 1 evaluation worker and
 *     with one per core (bench/server-batch.ts);
 *   - the server's impact over a portfolio table, one evaluation worker per core (bench/server-portfolio.ts).
 * Each figure is one run of `credit-rules` in its own process under /usr/bin/time, so reading,
 * parsing, writing and thread start-up are all counted. Needs the build (dist/).
 *
 *   npm run bench:scale [-- --json] [-- --customers 1000000] [-- --sample 200000] [-- --server-customers 50000] [-- --server-only]
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { pipeline } from "node:stream/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { serverBatchThroughput, type ServerBatchResult } from "./server-batch.js";
import { serverPortfolioImpact, type PortfolioRun } from "./server-portfolio.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const at = (p: string) => `${root}${p}`;

export interface ProcessRun {
  wallSeconds: number;
  peakRssMB: number;
  /** User + system CPU seconds over all threads. */
  cpuSeconds: number;
}

export interface ScaleResult {
  cores: number;
  /** Load average (1, 5, 15 min) when the runs started: the machine may be shared. */
  loadAverage: number[];
  /** The command-line figures (absent with --server-only). */
  sample?: { customers: number; oneWorker: number; allCores: number; speedup: number };
  eval?: ProcessRun & { customers: number; perSecond: number };
  impact?: ProcessRun & { customers: number; perSecond: number; changed: number };
  server: ServerBatchResult;
  /** Impact over a portfolio table through the server (bench/server-portfolio.ts). */
  serverPortfolio: PortfolioRun;
}

/** Runs a command under /usr/bin/time -v; stdout discarded, stderr kept for the figures. */
export function timed(args: string[]): Promise<ProcessRun & { stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-v", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      if (stdout.length < 1 << 20) stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const field = (name: string) => new RegExp(`${name}: (.+)`).exec(stderr)?.[1]?.trim();
      const wall = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)");
      const rss = field("Maximum resident set size \\(kbytes\\)");
      const exit = Number(field("Exit status") ?? code);
      if (!wall || !rss || (exit !== 0 && exit !== 2)) {
        reject(new Error(`${args.join(" ")} failed (exit ${exit}):\n${stderr.slice(-2000)}`));
        return;
      }
      const parts = wall.split(":").map(Number);
      const wallSeconds = parts.reduce((s, p) => s * 60 + p, 0);
      const cpuSeconds = Number(field("User time \\(seconds\\)")) + Number(field("System time \\(seconds\\)"));
      resolve({ wallSeconds, peakRssMB: Number(rss) / 1024, cpuSeconds, stderr, stdout });
    });
  });
}

/** A generated portfolio file of `count` customers (made once, then reused). */
export async function portfolioFile(count: number, seed = 42): Promise<string> {
  const dir = at("tmp/bench");
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/portfolio-${count}-${seed}.jsonl`;
  if (existsSync(path) && statSync(path).size > 0) return path;
  const partial = `${path}.partial`;
  const child = spawn(process.execPath, [at("dist/scripts/generate-portfolio.js"), "--count", String(count), "--seed", String(seed)], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  await pipeline(child.stdout, createWriteStream(partial));
  const code = await exited;
  if (code !== 0) throw new Error(`generating the portfolio failed (exit ${code})`);
  renameSync(partial, path);
  return path;
}

const cli = at("bin/credit-rules.js");
const PUBLISHED = "rulesets/trading-standard.rules";
const DRAFT = "test/fixtures/trading-standard-draft.rules";

export async function runScale(options: { customers: number; sample: number; serverCustomers: number; serverOnly?: boolean; log: (s: string) => void }): Promise<ScaleResult> {
  const { customers, sample, log } = options;
  const cores = availableParallelism();
  const loadAverage = loadavg().map((x) => Math.round(x * 100) / 100);
  if (options.serverOnly) {
    const small = await portfolioFile(sample);
    const server = await serverBatchThroughput({ portfolio: small, customers: Math.min(sample, options.serverCustomers), cores, log });
    const serverPortfolio = await serverPortfolioImpact({ portfolio: small, customers: Math.min(sample, options.serverCustomers), cores, log });
    return { cores, loadAverage, server, serverPortfolio };
  }
  log(`portfolio scale: ${cores} cores; generating portfolios (${sample.toLocaleString("en-US")} and ${customers.toLocaleString("en-US")} customers) if not cached...`);
  const small = await portfolioFile(sample);
  const big = await portfolioFile(customers);
  const out = at("tmp/bench/out.jsonl");
  const evalRun = (input: string, workers: number) => {
    // A new file each time: truncating the last run's output (1.7 GB for a million customers)
    // costs the file system seconds that are not the command's.
    rmSync(out, { force: true });
    return timed([process.execPath, cli, "eval", "--ruleset", PUBLISHED, "--input", input, "--output", out, "--workers", String(workers)]);
  };

  const one = await evalRun(small, 1);
  log(`  eval ${sample} customers, 1 thread: ${one.wallSeconds.toFixed(2)} s`);
  const all = await evalRun(small, cores);
  log(`  eval ${sample} customers, ${cores} workers: ${all.wallSeconds.toFixed(2)} s`);
  const whole = await evalRun(big, cores);
  log(`  eval ${customers} customers: ${whole.wallSeconds.toFixed(2)} s, peak ${whole.peakRssMB.toFixed(0)} MB`);
  const impact = await timed([process.execPath, cli, "impact", "--published", PUBLISHED, "--draft", DRAFT, "--input", big, "--output", at("tmp/bench/changes.jsonl"), "--workers", String(cores), "--json"]);
  const changed = (JSON.parse(impact.stdout) as { changed: number }).changed;
  log(`  impact ${customers} customers: ${impact.wallSeconds.toFixed(2)} s, peak ${impact.peakRssMB.toFixed(0)} MB, ${changed} changed`);
  const server = await serverBatchThroughput({ portfolio: small, customers: Math.min(sample, options.serverCustomers), cores, log });
  log(`  server stream: 1 worker ${server.oneWorker.wallSeconds.toFixed(2)} s, ${cores} workers ${server.allCores.wallSeconds.toFixed(2)} s`);
  const serverPortfolio = await serverPortfolioImpact({ portfolio: small, customers: Math.min(sample, options.serverCustomers), cores, log });
  log(`  server portfolio impact: ${serverPortfolio.wallSeconds.toFixed(2)} s`);
  return {
    cores,
    loadAverage,
    sample: { customers: sample, oneWorker: sample / one.wallSeconds, allCores: sample / all.wallSeconds, speedup: one.wallSeconds / all.wallSeconds },
    eval: { customers, perSecond: customers / whole.wallSeconds, wallSeconds: whole.wallSeconds, peakRssMB: whole.peakRssMB, cpuSeconds: whole.cpuSeconds },
    impact: { customers, perSecond: customers / impact.wallSeconds, wallSeconds: impact.wallSeconds, peakRssMB: impact.peakRssMB, cpuSeconds: impact.cpuSeconds, changed },
    server,
    serverPortfolio,
  };
}

export function formatScale(r: ScaleResult): string {
  return [
    `Portfolio scale (${r.cores} cores, load average ${r.loadAverage.join(" ")})`,
    ...(r.sample && r.eval && r.impact ? cliLines(r.sample, r.eval, r.impact, r.cores) : []),
    `  server batch endpoint (JSON lines streamed, ${n(r.server.customers)} customers, decision log on): 1 worker ${n(r.server.oneWorker.perSecond)}/s, ${r.cores} workers ${n(r.server.allCores.perSecond)}/s (×${(r.server.oneWorker.wallSeconds / r.server.allCores.wallSeconds).toFixed(2)})`,
    `  server impact over a portfolio table, ${n(r.serverPortfolio.customers)} customers: ${r.serverPortfolio.wallSeconds.toFixed(1)} s (${n(r.serverPortfolio.perSecond)}/s, ${n(r.serverPortfolio.changed)} changed; loading the table took ${r.serverPortfolio.loadSeconds.toFixed(1)} s)`,
  ].join("\n");
}

const n = (x: number) => Math.round(x).toLocaleString("en-US");

function cliLines(sample: NonNullable<ScaleResult["sample"]>, evalRun: NonNullable<ScaleResult["eval"]>, impact: NonNullable<ScaleResult["impact"]>, cores: number): string[] {
  const r = { sample, eval: evalRun, impact, cores };
  return [
    `  eval throughput, ${n(r.sample.customers)} customers: 1 thread ${n(r.sample.oneWorker)}/s, ${r.cores} workers ${n(r.sample.allCores)}/s (×${r.sample.speedup.toFixed(2)})`,
    `  eval ${n(r.eval.customers)} customers JSONL → JSONL: ${r.eval.wallSeconds.toFixed(1)} s wall, ${r.eval.cpuSeconds.toFixed(1)} s CPU, peak ${n(r.eval.peakRssMB)} MB (${n(r.eval.perSecond)}/s)`,
    `  impact ${n(r.impact.customers)} customers: ${r.impact.wallSeconds.toFixed(1)} s wall, ${r.impact.cpuSeconds.toFixed(1)} s CPU, peak ${n(r.impact.peakRssMB)} MB (${n(r.impact.perSecond)}/s, ${n(r.impact.changed)} changed)`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const value = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const json = args.includes("--json");
  const result = await runScale({
    customers: value("--customers", 1_000_000),
    sample: value("--sample", 200_000),
    serverCustomers: value("--server-customers", 50_000),
    serverOnly: args.includes("--server-only"),
    log: (s) => process.stderr.write(`${s}\n`),
  });
  process.stdout.write(json ? `${JSON.stringify({ portfolioScale: result }, null, 2)}\n` : `${formatScale(result)}\n`);
}
