// `credit-rules import` and `export` end to end: an imported ruleset checks cleanly and a rules
// file with parts that cannot be represented is refused with every problem named.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../engine/index.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "credit-rules-interop-"));
const ruleset = (name: string) => new URL(`../rulesets/${name}.rules`, import.meta.url).pathname;

describe("credit-rules import --from json-rules-engine", () => {
  it("prints a ruleset that compiles, with shared conditions from a file", async () => {
    const rules = join(dir, "rules.json");
    const conditions = join(dir, "conditions.json");
    writeFileSync(rules, JSON.stringify([{ name: "adult", conditions: { all: [{ condition: "grown" }, { fact: "profile", path: "$.country", operator: "in", value: ["DE", "AT"] }] }, event: { type: "ok", params: { rate: 0.10 } } }]));
    writeFileSync(conditions, JSON.stringify({ grown: { all: [{ fact: "age", operator: "greaterThanInclusive", value: 18 }] } }));
    const run = await runCli(["import", "--from", "json-rules-engine", rules, "--conditions", conditions, "--name", "adults"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('input profile_country json from "profile.country"');
    expect(compile(run.stdout).diagnostics).toEqual([]);
  });

  it("refuses rules it cannot represent, naming each place, and prints nothing", async () => {
    const rules = join(dir, "custom.json");
    writeFileSync(rules, JSON.stringify({ rules: [{ conditions: { any: [{ fact: "x", operator: "startsWith", value: "a" }] }, event: { type: "e" } }] }));
    const run = await runCli(["import", "--from", "json-rules-engine", rules]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('rules[0].conditions.any[0].operator: operator "startsWith"');
  });
});

describe("credit-rules export --to json-rules-engine", () => {
  it("prints the rules and writes the facts module", async () => {
    const module = join(dir, "facts.mjs");
    const run = await runCli(["export", "--to", "json-rules-engine", ruleset("trading-standard"), "--facts-module", module]);
    expect(run.status).toBe(0);
    const rules = JSON.parse(run.stdout) as Array<{ name: string; event: { type: string } }>;
    expect(rules.filter((r) => r.event.type === "warning").length).toBe(12);
    expect(rules.filter((r) => r.event.type === "cap").length).toBe(11);
    expect(readFileSync(module, "utf8")).toContain("export function facts(customer, supplied = {})");
    expect(run.stderr).toContain("supply fact limit");
  });

  it("refuses a ruleset with errors, naming the line", async () => {
    const bad = join(dir, "bad.rules");
    writeFileSync(bad, "ruleset x\ninput a int\nwarning W \"w\" warning review when b > 1\n");
    const run = await runCli(["export", "--to", "json-rules-engine", bad]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.rules:3:\d+: unknown name "b"/);
  });
});
