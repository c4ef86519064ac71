/**
 * Impact over a portfolio table through the server (`POST …/impact/portfolio`): the portfolio
 * file loaded into a table of the trading unit's schema (portfolio_trading) of a fresh embedded
 * database (or of the PostgreSQL server of `--database-url`), the built server started on it
 * with one evaluation worker per core, the draft fixture saved, and the whole table compared
 * published → draft, as a caller sees it.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { portfolioFile } from "./scale.js";
import { firstLines, withBenchServer } from "./server-batch.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface PortfolioRun {
  customers: number;
  changed: number;
  /** Loading the table (not part of the comparison). */
  loadSeconds: number;
  wallSeconds: number;
  perSecond: number;
}

/** A column type that holds every value seen: decimal strings as numeric (exact), counts as integer. */
function columnType(values: unknown[]): string {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.every((v) => typeof v === "boolean")) return "boolean";
  if (present.every((v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31)) return "integer";
  if (present.every((v) => typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v))) return "numeric";
  return "text";
}

/** Runs SQL on the database the server will use: the embedded one in a folder, or a PostgreSQL server. */
interface Loader {
  exec(text: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

async function loader(dataDir: string, databaseUrl: string): Promise<Loader> {
  if (databaseUrl !== "") {
    const { default: postgres } = await import("postgres");
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
    return { exec: async (text, params = []) => void (await sql.unsafe(text, params as never[])), close: () => sql.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(dataDir);
  return { exec: async (text, params = []) => void (await db.query(text, params)), close: () => db.close() };
}

/** The first `customers` lines of the file into portfolio_trading.customers (made anew), 1,000 rows per statement. */
async function loadTable(dataDir: string, databaseUrl: string, portfolio: string, customers: number): Promise<void> {
  const db = await loader(dataDir, databaseUrl);
  try {
    let columns: string[] | null = null;
    for await (const piece of firstLines(portfolio, customers)) {
      const rows = piece.toString("utf8").trimEnd().split("\n");
      if (columns === null) {
        const sample = rows.slice(0, 200).map((l) => JSON.parse(l) as Record<string, unknown>);
        columns = Object.keys(sample[0]);
        const types = columns.map((c) => columnType(sample.map((r) => r[c])));
        await db.exec("drop schema if exists portfolio_trading cascade");
        await db.exec("create schema portfolio_trading");
        await db.exec(`create table portfolio_trading.customers (${columns.map((c, i) => `"${c}" ${types[i]}`).join(", ")})`);
      }
      // The lines as one JSON array; the database turns each object into a row.
      await db.exec("insert into portfolio_trading.customers select * from json_populate_recordset(null::portfolio_trading.customers, $1::text::json)", [`[${rows.join(",")}]`]);
    }
  } finally {
    await db.close();
  }
}

export async function serverPortfolioImpact(options: { portfolio: string; customers: number; cores: number; databaseUrl?: string; log: (s: string) => void }): Promise<PortfolioRun> {
  const databaseUrl = options.databaseUrl ?? "";
  const dataDir = mkdtempSync(join(tmpdir(), "credit-rules-bench-"));
  try {
    options.log(`  server portfolio impact: loading ${options.customers} customers into a table...`);
    const t0 = performance.now();
    await loadTable(dataDir, databaseUrl, options.portfolio, options.customers);
    const loadSeconds = (performance.now() - t0) / 1000;
    return await withBenchServer(dataDir, options.cores, async ({ base, admin }) => {
      const ruleset = `${base}/api/business-units/trading/rulesets/trading-standard`;
      const draft = readFileSync(join(root, "test/fixtures/trading-standard-draft.rules"), "utf8");
      const saved = await fetch(`${ruleset}/draft`, { method: "PUT", headers: { "content-type": "application/json", ...admin }, body: JSON.stringify({ source: draft, revision: 0 }) });
      if (!saved.ok) throw new Error(`saving the draft failed: ${saved.status} ${await saved.text()}`);
      options.log(`  server portfolio impact: ${options.customers} customers, ${options.cores} evaluation workers...`);
      const t1 = performance.now();
      const r = await fetch(`${ruleset}/impact/portfolio`, { method: "POST", headers: { "content-type": "application/json", ...admin }, body: JSON.stringify({ table: "customers" }) });
      if (!r.ok) throw new Error(`the comparison failed: ${r.status} ${(await r.text()).slice(0, 500)}`);
      let last = "";
      let changed = 0;
      for await (const line of createInterface({ input: Readable.fromWeb(r.body as never), crlfDelay: Infinity })) {
        if (line === "") continue;
        if (last !== "") changed++;
        last = line;
      }
      const wallSeconds = (performance.now() - t1) / 1000;
      const end = JSON.parse(last) as { summary?: { customers: number; changed: number }; error?: { message: string } };
      if (!end.summary) throw new Error(`the comparison stopped: ${end.error?.message ?? last.slice(0, 300)}`);
      if (end.summary.customers !== options.customers || end.summary.changed !== changed) {
        throw new Error(`the comparison counted ${end.summary.customers} customers (${end.summary.changed} changed, ${changed} lines) for ${options.customers}`);
      }
      return { customers: end.summary.customers, changed, loadSeconds, wallSeconds, perSecond: end.summary.customers / wallSeconds };
    }, databaseUrl);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `node dist/bench/server-portfolio.js --customers N [--database-url postgres://…]`: this figure alone. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const customers = Number(value("--customers") ?? 50_000);
  const portfolio = await portfolioFile(Math.max(customers, 200_000));
  const r = await serverPortfolioImpact({ portfolio, customers, cores: availableParallelism(), databaseUrl: value("--database-url"), log: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
