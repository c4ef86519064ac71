/**
 * Impact over a portfolio table through the server (`POST …/impact/portfolio`): the portfolio
 * file loaded into a table of the trading unit's schema (portfolio_trading) of a fresh embedded
 * database, the built server started on it with one evaluation worker per core, the draft
 * fixture saved, and the whole table compared published → draft, as a caller sees it.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
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

/** The first `customers` lines of the file into portfolio_trading.customers, 1,000 rows per statement. */
async function loadTable(dataDir: string, portfolio: string, customers: number): Promise<void> {
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(dataDir);
  try {
    let columns: string[] | null = null;
    for await (const piece of firstLines(portfolio, customers)) {
      const rows = piece.toString("utf8").trimEnd().split("\n");
      if (columns === null) {
        const sample = rows.slice(0, 200).map((l) => JSON.parse(l) as Record<string, unknown>);
        columns = Object.keys(sample[0]);
        const types = columns.map((c) => columnType(sample.map((r) => r[c])));
        await db.exec(`create schema portfolio_trading; create table portfolio_trading.customers (${columns.map((c, i) => `"${c}" ${types[i]}`).join(", ")})`);
      }
      // The lines as one JSON array; the database turns each object into a row.
      await db.query("insert into portfolio_trading.customers select * from json_populate_recordset(null::portfolio_trading.customers, $1::json)", [`[${rows.join(",")}]`]);
    }
  } finally {
    await db.close();
  }
}

export async function serverPortfolioImpact(options: { portfolio: string; customers: number; cores: number; log: (s: string) => void }): Promise<PortfolioRun> {
  const dataDir = mkdtempSync(join(tmpdir(), "credit-rules-bench-"));
  try {
    options.log(`  server portfolio impact: loading ${options.customers} customers into a table...`);
    const t0 = performance.now();
    await loadTable(dataDir, options.portfolio, options.customers);
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
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
