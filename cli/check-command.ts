/** `credit-rules check <file...>`: every diagnostic with its source line and a caret; exit 1 on any error. */
import { check, renderDiagnostic } from "../engine/index.js";
import type { Io } from "./eval-command.js";
import { readRulesetFile } from "./read-ruleset-file.js";

export async function runCheck(files: string[], io: Io): Promise<number> {
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const source = await readRulesetFile(file, io);
    if (source === null) {
      errors++;
      continue;
    }
    for (const d of check(source).diagnostics) {
      io.stdout.write(`${renderDiagnostic(d, source, file)}\n`);
      if (d.severity === "error") errors++;
      else if (d.severity === "warning") warnings++;
    }
  }
  const n = files.length;
  io.stdout.write(`${n} file${n === 1 ? "" : "s"} checked: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`);
  return errors > 0 ? 1 : 0;
}
