/**
 * `credit-rules export --to json-rules-engine policy.rules`: the rules as JSON on standard output;
 * `--facts-module <file>` writes the generated module that computes the derived facts.
 */
import { writeFile } from "node:fs/promises";
import { exportJsonRulesEngine } from "../interop/json-rules-engine/export.js";
import type { Io } from "./eval-command.js";
import { readRulesetFile } from "./read-ruleset-file.js";

export interface ExportArgs {
  to: string;
  file: string;
  factsModule?: string;
}

export async function runExport(args: ExportArgs, io: Io): Promise<number> {
  if (args.to !== "json-rules-engine") {
    io.stderr.write(`cannot export to "${args.to}": the supported target is json-rules-engine\n`);
    return 1;
  }
  const source = await readRulesetFile(args.file, io);
  if (source === null) return 1;
  const result = exportJsonRulesEngine(source);
  if (result.rules === null) {
    for (const i of result.issues) io.stderr.write(`${args.file}:${i.line}:${i.column}: ${i.message}\n`);
    io.stderr.write(`${args.file}: not exported\n`);
    return 1;
  }
  io.stdout.write(`${JSON.stringify(result.rules, null, 2)}\n`);
  if (args.factsModule) await writeFile(args.factsModule, result.factsModule!);
  else io.stderr.write(`${args.file}: facts come from the generated module; write it with --facts-module <file.mjs>\n`);
  for (const f of result.suppliedFacts) io.stderr.write(`${args.file}: supply fact ${f.name}: ${f.what}\n`);
  return 0;
}
