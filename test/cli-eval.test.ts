// `credit-rules eval` end to end on the shared sample customers (test/fixtures/README.md): every
// record equals the expected decision, for JSONL, CSV and JSON array input, in process and on
// worker threads; bad rows give exactly one error record each, in input order.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatePortfolio } from "../portfolio/generate.js";
import { decisionDifferences } from "./expect-decision.js";
import { runCli } from "./run-cli.js";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const ruleset = (name: string) => new URL(`../rulesets/${name}.rules`, import.meta.url).pathname;
const lines = (text: string) => text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
const dir = mkdtempSync(join(tmpdir(), "credit-rules-eval-"));
const customers = readFileSync(fixture("customers-sample.jsonl"), "utf8").trim().split("\n");

for (const name of ["trading-standard", "retail-abc"]) {
  describe(`eval ${name}`, () => {
    const expected = lines(readFileSync(fixture(`expected-${name}.jsonl`), "utf8"));

    const expectAll = (stdout: string) => {
      const records = lines(stdout);
      expect(records.map((r) => r.customerId)).toEqual(expected.map((e) => e.customerId));
      records.forEach((r, i) => expect(decisionDifferences(r, expected[i]), String(r.customerId)).toEqual([]));
    };

    it.each(["customers-sample.jsonl", "customers-sample.csv"])("decides every customer of %s as expected, exit 0", async (input) => {
      const run = await runCli(["eval", "--ruleset", ruleset(name), "--input", fixture(input)]);
      expect(run.stderr).toContain("57 customers: 57 decided, 0 error records");
      expect(run.status).toBe(0);
      expectAll(run.stdout);
    });

    it("reads a JSON array and standard input the same way", async () => {
      const array = join(dir, `${name}.json`);
      writeFileSync(array, `[\n${customers.join(",\n")}\n]\n`);
      expectAll((await runCli(["eval", "--ruleset", ruleset(name), "--input", array])).stdout);
      expectAll((await runCli(["eval", "--ruleset", ruleset(name), "--input", "-"], customers.join("\n"))).stdout);
    });

    it("writes the same records, in order, on worker threads", async () => {
      const output = join(dir, `${name}-workers.jsonl`);
      const run = await runCli(["eval", "--ruleset", ruleset(name), "--input", fixture("customers-sample.jsonl"), "--workers", "2", "--output", output]);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe("");
      expectAll(readFileSync(output, "utf8"));
    });
  });
}

describe("eval of a larger file on worker threads", () => {
  // More shared-memory chunks than there are slabs (cli/jsonl-slabs.ts: 16 of 512 KiB, so slabs
  // are used again), a line longer than a chunk, bad rows, and explanations too large for a
  // chunk's output room: the same bytes as one thread writes.
  const rows = generatePortfolio(8000, { profile: "export", seed: 11 }).map((c, i) => {
    if (i === 700) return JSON.stringify({ ...c, note: "长".repeat(400_000) });
    if (i % 500 === 3) return `{"customer_id":"X${i}","total_assets":`;
    return JSON.stringify(c);
  });
  const input = join(dir, "larger.jsonl");
  writeFileSync(input, `${rows.join("\n")}\n`);

  it.each([[[]], [["--explain"]]])("writes byte for byte what one thread writes %j, to a file and to standard output", async (extra) => {
    const args = ["eval", "--ruleset", ruleset("trading-standard"), "--input", input, ...extra];
    const one = await runCli([...args, "--workers", "1"]);
    expect(one.status).toBe(2);
    expect(one.stderr).toContain("8000 customers: 7984 decided, 16 error records");
    const output = join(dir, "larger-out.jsonl");
    const two = await runCli([...args, "--workers", "2", "--output", output]);
    expect(two.status).toBe(2);
    expect(readFileSync(output, "utf8")).toBe(one.stdout);
    expect((await runCli([...args, "--workers", "2"])).stdout).toBe(one.stdout);
  });
});

describe("eval with bad rows", () => {
  const good = JSON.parse(customers[0]) as Record<string, unknown>;
  const row = (id: string, change: (c: Record<string, unknown>) => void) => {
    const c = { ...good, customer_id: id };
    change(c);
    return JSON.stringify(c);
  };
  const bad: Array<[string, string, string | undefined, string]> = [
    ["B01", row("B01", (c) => delete c.total_assets), "total_assets", "MISSING_FIELD"],
    ["B02", row("B02", (c) => (c.total_liabilities = null)), "total_liabilities", "NULL_VALUE"],
    ["B03", row("B03", (c) => (c.inventory = "12,5O0")), "inventory", "INVALID_NUMBER"],
    ["B04", row("B04", (c) => (c.ar_outstanding = "NaN")), "ar_outstanding", "INVALID_NUMBER"],
    ["B05", row("B05", (c) => (c.total_assets = "-100.00")), "total_assets", "NEGATIVE_NOT_ALLOWED"],
    ["B06", row("B06", (c) => (c.on_time_payment_rate_12m = "95")), "on_time_payment_rate_12m", "OUT_OF_RANGE"],
    ["B07", row("B07", (c) => (c.relationship_months = 2.5)), "relationship_months", "NOT_WHOLE"],
    ["B08", row("B08", (c) => (c.fraud_flag = "no")), "fraud_flag", "INVALID_BOOL"],
    ["B09", `{"customer_id": "B09", "total_assets": "1000",`, undefined, "INVALID_JSON"],
  ];

  it("gives exactly one error record per bad row, in input order, naming customer and field; exit 2", async () => {
    const input = join(dir, "bad.jsonl");
    const rows = bad.flatMap(([id, text], i) => [row(`G${i}`, () => {}), text]);
    writeFileSync(input, `${rows.join("\n")}\n`);
    const run = await runCli(["eval", "--ruleset", ruleset("trading-standard"), "--input", input]);
    expect(run.status).toBe(2);
    const records = lines(run.stdout);
    expect(records).toHaveLength(rows.length);
    bad.forEach(([id, , field, code], i) => {
      expect(records[2 * i].customerId).toBe(`G${i}`);
      expect(records[2 * i].grade).toBeDefined();
      const r = records[2 * i + 1] as { customerId: string; error: { code: string; field?: string; message: string } };
      expect(r.customerId).toBe(id);
      expect(r.error.code).toBe(code);
      expect(r.error.message).toContain(id);
      if (field) {
        expect(r.error.field).toBe(field);
        expect(r.error.message).toContain(field);
      } else expect(r.error.message).toContain(`line ${2 * i + 2}`);
    });
    expect(run.stderr).toContain("18 customers: 9 decided, 9 error records");
  });

  it("gives an error record for a CSV row with the wrong number of cells", async () => {
    const csv = readFileSync(fixture("customers-sample.csv"), "utf8").trim().split("\n");
    const short = csv[2].split(",").slice(0, -3).join(",");
    const input = join(dir, "short.csv");
    writeFileSync(input, [csv[0], csv[1], short, csv[3]].join("\n"));
    const run = await runCli(["eval", "--ruleset", ruleset("trading-standard"), "--input", input]);
    expect(run.status).toBe(2);
    const records = lines(run.stdout) as Array<{ customerId: string; error?: { code: string; message: string } }>;
    expect(records.map((r) => r.customerId)).toEqual(["W0001", "C0001", "C0002"]);
    expect(records[1].error?.code).toBe("WRONG_CELL_COUNT");
    expect(records[1].error?.message).toMatch(/customer C0001: line 3 has \d+ cells but the header has \d+/);
    expect(records[0].error).toBeUndefined();
    expect(records[2].error).toBeUndefined();
  });

  it("treats an empty CSV cell as absent: a default applies, a required field is missing", async () => {
    const csv = readFileSync(fixture("customers-sample.csv"), "utf8").trim().split("\n");
    const header = csv[0].split(",");
    const cells = csv[1].split(",");
    cells[header.indexOf("order_amount")] = "";
    const withDefault = cells.join(",");
    cells[header.indexOf("inventory")] = "";
    const input = join(dir, "empty.csv");
    writeFileSync(input, [csv[0], withDefault, cells.join(",")].join("\n"));
    const records = lines((await runCli(["eval", "--ruleset", ruleset("trading-standard"), "--input", input])).stdout) as Array<{ error?: { code: string; field: string } }>;
    expect(records[0].error).toBeUndefined();
    expect(records[1].error).toMatchObject({ code: "MISSING_FIELD", field: "inventory" });
  });
});

describe("eval when nothing can be evaluated", () => {
  it("exits 1 with file:line:column diagnostics and writes no records when the ruleset does not compile", async () => {
    const broken = join(dir, "broken.rules");
    writeFileSync(broken, "ruleset broken\ninput a money\nlet b = a +* 2\n");
    const output = join(dir, "never.jsonl");
    const run = await runCli(["eval", "--ruleset", broken, "--input", fixture("customers-sample.jsonl"), "--output", output]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:\\d+: error [a-z-]+: .+`, "m"));
    expect(existsSync(output)).toBe(false);
  });

  it("exits 1 naming the input when it is missing or of an unknown kind", async () => {
    const missing = await runCli(["eval", "--ruleset", ruleset("retail-abc"), "--input", join(dir, "nope.jsonl")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("nope.jsonl: no such file");
    const unknown = await runCli(["eval", "--ruleset", ruleset("retail-abc"), "--input", "customers.xlsx"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("use a .jsonl, .json or .csv file");
  });

  it("adds the explanation and the version label on request", async () => {
    const run = await runCli(["eval", "--ruleset", ruleset("retail-abc"), "--input", "-", "--explain", "--version", "7"], customers[0]);
    const [record] = lines(run.stdout);
    expect(record.version).toBe("7");
    expect(record.explanation).toBeDefined();
  });
});
