/** `credit-rules test <file|dir>`: runs each ruleset's own test cases; exit 1 on a failure or a compile error. */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { compile, formatDiagnostic, runTests } from "../engine/index.js";
import type { Io } from "./eval-command.js";

/** The .rules files of a directory tree, sorted, or the file itself. */
export async function rulesFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const found: string[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(path, entry.name);
    if (entry.isDirectory()) found.push(...(await rulesFiles(p)));
    else if (entry.name.endsWith(".rules")) found.push(p);
  }
  return found;
}

export async function runTestCommand(paths: string[], io: Io): Promise<number> {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  let passed = 0;
  let failed = 0;
  let broken = 0;
  for (const path of paths) {
    let files: string[];
    try {
      files = await rulesFiles(path);
    } catch (e) {
      io.stderr.write(`${path}: cannot read: ${e instanceof Error ? e.message : String(e)}\n`);
      broken++;
      continue;
    }
    if (files.length === 0) io.stderr.write(`${path}: no .rules files\n`);
    for (const file of files) {
      out(file);
      const { plan, diagnostics } = compile(await readFile(file, "utf8"));
      if (!plan) {
        for (const d of diagnostics) if (d.severity === "error") out(`  ${formatDiagnostic(d, file)}`);
        out("  ✗ the ruleset does not compile; its tests did not run");
        broken++;
        continue;
      }
      const results = runTests(plan);
      if (results.length === 0) out("  (no test cases)");
      for (const r of results) {
        if (r.passed) {
          passed++;
          out(`  ✓ ${r.name}`);
        } else {
          failed++;
          out(`  ✗ ${r.name} (${file}:${r.line})`);
          for (const f of r.failures) out(`      ${f}`);
        }
      }
    }
  }
  if (broken > 0) out(`${broken} ruleset${broken === 1 ? "" : "s"} could not be tested`);
  out(`${passed} passed, ${failed} failed`);
  return failed > 0 || broken > 0 ? 1 : 0;
}
