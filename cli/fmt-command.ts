/** `credit-rules fmt <file...> [--check] [--write]`: the canonical layout of rulesets (dsl/format.ts). */
import { writeFile } from "node:fs/promises";
import { formatSource } from "../dsl/format.js";
import { renderDiagnostic } from "../dsl/diagnostic.js";
import type { Io } from "./eval-command.js";
import { readRulesetFile } from "./read-ruleset-file.js";

export async function runFmt(files: string[], options: { check?: boolean; write?: boolean }, io: Io): Promise<number> {
  let status = 0;
  for (const file of files) {
    const source = await readRulesetFile(file, io);
    if (source === null) {
      status = 1;
      continue;
    }
    const { text, diagnostics } = formatSource(source);
    if (text === null) {
      for (const d of diagnostics) if (d.severity === "error") io.stderr.write(`${renderDiagnostic(d, source, file)}\n`);
      io.stderr.write(`${file}: not formatted: fix the syntax errors first\n`);
      status = 1;
      continue;
    }
    if (options.check) {
      if (text !== source) {
        io.stdout.write(`${file}: not formatted\n`);
        status = 1;
      }
    } else if (options.write) {
      if (text !== source) {
        await writeFile(file, text);
        io.stderr.write(`formatted ${file}\n`);
      }
    } else io.stdout.write(text);
  }
  return status;
}
