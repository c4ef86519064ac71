/** `credit-rules import --from json-rules-engine rules.json`: the ruleset on standard output, problems on standard error. */
import { readFile } from "node:fs/promises";
import { importJsonRulesEngine, parseRulesFile } from "../interop/json-rules-engine/import.js";
import { refusalReport, unreadableLine } from "../interop/json-rules-engine/import-report.js";
import type { Io } from "./eval-command.js";

export interface ImportArgs {
  from: string;
  file: string;
  name?: string;
  conditions?: string;
}

async function readJson(path: string, io: Io): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: parseRulesFile(await readFile(path, "utf8")) };
  } catch (e) {
    io.stderr.write(`${unreadableLine(path, e)}\n`);
    return { ok: false };
  }
}

export async function runImport(args: ImportArgs, io: Io): Promise<number> {
  if (args.from !== "json-rules-engine") {
    io.stderr.write(`cannot import from "${args.from}": the supported source is json-rules-engine\n`);
    return 1;
  }
  const rules = await readJson(args.file, io);
  if (!rules.ok) return 1;
  let sharedConditions: Record<string, unknown> | undefined;
  if (args.conditions) {
    const c = await readJson(args.conditions, io);
    if (!c.ok) return 1;
    sharedConditions = c.value as Record<string, unknown>;
  }
  const result = importJsonRulesEngine(rules.value, { name: args.name, sharedConditions });
  if (result.source === null) {
    for (const line of refusalReport(args.file, result.issues)) io.stderr.write(`${line}\n`);
    return 1;
  }
  io.stdout.write(result.source);
  return 0;
}
