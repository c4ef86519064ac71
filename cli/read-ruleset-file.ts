/** A ruleset file's text, or null after telling the user on stderr that it cannot be read. */
import { readFile } from "node:fs/promises";
import type { Io } from "./eval-command.js";

export async function readRulesetFile(file: string, io: Io): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    io.stderr.write(`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
}
