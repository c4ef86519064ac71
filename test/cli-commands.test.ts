// `check`, `test` and `fmt` as a user runs them, plus the real binary spawned once after a build.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const root = new URL("..", import.meta.url).pathname;
const ruleset = (name: string) => join(root, "rulesets", `${name}.rules`);
const dir = mkdtempSync(join(tmpdir(), "credit-rules-cli-"));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("check", () => {
  it("passes the reference rulesets", async () => {
    const run = await runCli(["check", ruleset("trading-standard"), ruleset("retail-abc")]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("2 files checked: 0 errors, 0 warnings\n");
  });

  it("prints file:line:column: severity code: message with the source line and a caret, exit 1", async () => {
    const file = write("unknown.rules", "ruleset x\ninput a money\nlet b = a + missing_name\n");
    const run = await runCli(["check", file]);
    expect(run.status).toBe(1);
    const [head, source, caret] = run.stdout.split("\n");
    expect(head).toMatch(new RegExp(`^${file}:3:13: error [a-z-]+: .*missing_name`));
    expect(source).toBe(" | let b = a + missing_name");
    expect(caret).toBe(` | ${" ".repeat(12)}${"^".repeat("missing_name".length)}`);
    expect(run.stdout).toContain("1 file checked: 1 error");
  });
});

describe("a ruleset file that cannot be read", () => {
  it.each([["check"], ["fmt"], ["export", "--to", "json-rules-engine"]])("%s names the file it cannot read and exits 1", async (...command) => {
    const missing = join(dir, "missing.rules");
    const run = await runCli([...command, missing, ...(command[0] === "export" ? [] : [ruleset("retail-abc")])]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${missing}: cannot read: .*ENOENT`, "m"));
    if (command[0] === "check") expect(run.stdout).toContain("2 files checked: 1 error, 0 warnings");
    if (command[0] === "fmt") expect(run.stdout).toMatch(/^ruleset retail/m);
  });
});

describe("test", () => {
  it("reports each case of every ruleset in a directory and the summary, exit 0", async () => {
    const run = await runCli(["test", join(root, "rulesets")]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("  ✓ worked example §7");
    expect(run.stdout).toContain("  ✓ weak solvency is C");
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it("shows the failures of a failing case, exit 1", async () => {
    const source = readFileSync(ruleset("retail-abc"), "utf8").replace('expect grade = A, limit = 180,000', 'expect grade = B, limit = 180,000');
    const run = await runCli(["test", write("failing.rules", source)]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/  ✗ A customer on credit \(.*failing\.rules:\d+\)\n {6}expected grade = B \(line \d+\), but grade is "A"/);
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed$/);
  });

  it("counts a ruleset that does not compile as a failure", async () => {
    const run = await runCli(["test", write("broken.rules", "ruleset b\ninput a mony\n")]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("does not compile");
    expect(run.stdout.trim().split("\n").at(-1)).toBe("0 passed, 0 failed");
  });
});

describe("fmt", () => {
  const messy = 'ruleset  demo\n\n\n// facts\ninput a   money "A"\ninput bb int = 0\nlet  c = a*2   when a>0 // doubled\ngrades A,B\ngrade by score : A >= 50 , otherwise B\n';

  it("prints the canonical layout, which is a fixed point", async () => {
    const file = write("messy.rules", messy);
    const run = await runCli(["fmt", file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('ruleset demo\n\n// facts\ninput a  money "A"\ninput bb int   = 0\nlet c = a*2 when a>0 // doubled\ngrades A, B\ngrade by score: A >= 50, otherwise B\n'.replace("a*2", "a * 2").replace("a>0", "a > 0"));
    const again = await runCli(["fmt", write("formatted.rules", run.stdout)]);
    expect(again.stdout).toBe(run.stdout);
  });

  it("--check exits 1 for an unformatted file and 0 for a formatted one; --write rewrites", async () => {
    const file = write("rewrite.rules", messy);
    expect((await runCli(["fmt", "--check", file])).status).toBe(1);
    expect((await runCli(["fmt", "--write", file])).status).toBe(0);
    expect((await runCli(["fmt", "--check", file])).status).toBe(0);
  });

  it("refuses a file with syntax errors, exit 1", async () => {
    const run = await runCli(["fmt", write("bad.rules", "ruleset x\nlet = 3\n")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("fix the syntax errors first");
  });
});

describe("the installed binary", () => {
  beforeAll(() => {
    // Build when dist/ is missing or older than a source file.
    const newest = (d: string): number =>
      Math.max(0, ...readdirSync(join(root, d), { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(d, e.name)) : e.name.endsWith(".ts") ? statSync(join(root, d, e.name)).mtimeMs : 0)));
    let built = 0;
    try {
      built = statSync(join(root, "dist/cli/main.js")).mtimeMs;
    } catch {}
    if (built < Math.max(...["cli", "dsl", "engine"].map(newest))) execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  });

  it("runs eval with exit 2 on a bad row and writes JSONL to stdout", () => {
    const customers = readFileSync(join(root, "test/fixtures/customers-sample.jsonl"), "utf8").trim().split("\n");
    const r = spawnSync("node", ["bin/credit-rules.js", "eval", "--ruleset", "rulesets/retail-abc.rules", "--input", "-"], {
      cwd: root,
      input: `${customers[0]}\nnot json\n${customers[1]}\n`,
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    const records = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { customerId: string | null; error?: { code: string } });
    expect(records.map((x) => x.error?.code ?? x.customerId)).toEqual(["W0001", "INVALID_JSON", "C0001"]);
  });

  it("answers --help with every command", () => {
    const r = spawnSync("node", ["bin/credit-rules.js", "--help"], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(0);
    for (const c of ["eval", "check", "test", "fmt"]) expect(r.stdout).toContain(c);
  });
});
