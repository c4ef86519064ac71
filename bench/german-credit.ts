/**
 * Evaluation speed over real applicants: the 1000 German Credit rows (ARFF text, all facts
 * textual) through rulesets/german-credit.rules, repeated; decisions per CPU second, the best
 * of several rounds. `npm run bench:german-credit`; benchGermanCredit() for the main benchmark.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArff } from "../data-import/arff.js";
import { compile, evaluate, isErrorRecord } from "../engine/index.js";

/** The project file, from the source tree (tsx) or from dist/ (compiled). */
function projectFile(path: string): string {
  for (const up of ["../", "../../"]) {
    const url = new URL(`${up}${path}`, import.meta.url);
    if (existsSync(url)) return readFileSync(url, "utf8");
  }
  throw new Error(`cannot find ${path}`);
}

export interface GermanCreditBench {
  applicants: number;
  decisionsPerCpuSecond: number;
  errors: number;
}

export function benchGermanCredit(rounds = 5, repeat = 50): GermanCreditBench {
  const { plan, diagnostics } = compile(projectFile("rulesets/german-credit.rules"));
  if (!plan) throw new Error(`german-credit does not compile: ${diagnostics.map((d) => d.message).join("; ")}`);
  const rows = parseArff(projectFile("test/fixtures/german-credit.arff")).rows;
  const options = { textual: true };
  let best = 0;
  let errors = 0;
  for (let r = 0; r < rounds; r++) {
    errors = 0;
    const u0 = process.cpuUsage();
    for (let k = 0; k < repeat; k++) {
      for (const row of rows) if (isErrorRecord(evaluate(plan, row, options))) errors++;
    }
    const u = process.cpuUsage(u0);
    const seconds = (u.user + u.system) / 1e6;
    best = Math.max(best, (rows.length * repeat) / seconds);
  }
  return { applicants: rows.length, decisionsPerCpuSecond: Math.round(best), errors: errors / repeat };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const r = benchGermanCredit();
  process.stdout.write(`german-credit: ${r.applicants} applicants, ${r.decisionsPerCpuSecond.toLocaleString("en")} decisions per CPU second (best of 5 rounds × 50 passes), ${r.errors} error records\n`);
}
