/** The `credit-rules` command line: subcommands over the engine, with streams passed in so tests need no process. */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { runCheck } from "./check-command.js";
import { runEval, type Io } from "./eval-command.js";
import { runExport } from "./export-command.js";
import { runFmt } from "./fmt-command.js";
import { runImpact, type ImpactArgs } from "./impact-command.js";
import { runImport } from "./import-command.js";
import { runTestCommand } from "./test-command.js";

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return n;
}

/** Runs one command line (without `node` and the script) and resolves to its exit status. */
export async function main(argv: string[], io: Io): Promise<number> {
  let status = 0;
  const program = new Command("credit-rules")
    .description("Credit-policy rules: evaluate customers, check, test and format rulesets.")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();

  program
    .command("eval")
    .description("evaluate every customer of a file; one JSONL record per customer, in input order")
    .requiredOption("--ruleset <file>", "the ruleset (.rules)")
    .requiredOption("--input <file>", "customers: .jsonl, .json (an array) or .csv; - reads JSONL from standard input")
    .option("--output <file>", "write the records here instead of standard output")
    .option("--explain", "add the explanation of each decision")
    .option("--version <label>", "the ruleset version to stamp on every record")
    .option("--workers <n>", "worker threads (default: every core for inputs from 4 MB, else 1)", positiveInt)
    .action(async (o: { ruleset: string; input: string; output?: string; explain?: boolean; version?: string; workers?: number }) => {
      status = await runEval(o, io);
    });

  program
    .command("impact")
    .description("compare a draft ruleset with the published one over every customer: what changes, and the portfolio summary")
    .requiredOption("--draft <file>", "the draft ruleset (.rules)")
    .requiredOption("--published <file>", "the published ruleset (.rules)")
    .option("--input <file>", "customers: .jsonl, .json (an array) or .csv; - reads JSONL from standard input")
    .option("--from-table <table>", "customers from a PostgreSQL table (columns are fact names), read with a cursor")
    .option("--database-url <url>", "with --from-table: postgres://… or pglite:<directory>")
    .option("--order-by <column>", "with --from-table: read the rows in this column's order")
    .option("--output <file>", "write the customers whose decision changed (JSONL, input order); - for standard output")
    .option("--all", "write every customer, changed or not")
    .option("--summary <file>", "also write the summary as JSON to this file")
    .option("--json", "print the summary as JSON instead of tables")
    .option("--workers <n>", "worker threads (default: every core, or 1 for files under 4 MB)", positiveInt)
    .action(async (o: ImpactArgs) => {
      status = await runImpact(o, io);
    });

  program
    .command("check")
    .description("report every error and warning of the rulesets")
    .argument("<file...>", "ruleset files")
    .action(async (files: string[]) => {
      status = await runCheck(files, io);
    });

  program
    .command("test")
    .description("run the test cases written in the rulesets")
    .argument("<path...>", "ruleset files or directories holding .rules files")
    .action(async (paths: string[]) => {
      status = await runTestCommand(paths, io);
    });

  program
    .command("fmt")
    .description("print rulesets in the canonical layout")
    .argument("<file...>", "ruleset files")
    .option("--check", "change nothing; exit 1 when a file is not formatted")
    .option("--write", "rewrite the files in place")
    .action(async (files: string[], o: { check?: boolean; write?: boolean }) => {
      status = await runFmt(files, o, io);
    });

  program
    .command("import")
    .description("turn rules of another engine into a ruleset (printed on standard output)")
    .requiredOption("--from <engine>", "the rules' engine: json-rules-engine")
    .argument("<file>", "the rules (JSON: an array of rules, or { rules, sharedConditions })")
    .option("--name <name>", "the ruleset's name", "imported")
    .option("--conditions <file>", "shared conditions (engine.setCondition) as a JSON object")
    .action(async (file: string, o: { from: string; name: string; conditions?: string }) => {
      status = await runImport({ file, ...o }, io);
    });

  program
    .command("export")
    .description("turn a ruleset's condition rules into another engine's rules (printed on standard output)")
    .requiredOption("--to <engine>", "the target engine: json-rules-engine")
    .argument("<file>", "the ruleset (.rules)")
    .option("--facts-module <file>", "write the generated module that computes the derived facts here")
    .action(async (file: string, o: { to: string; factsModule?: string }) => {
      status = await runExport({ file, ...o }, io);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : e.code === "commander.helpDisplayed" || e.code === "commander.version" ? 0 : 1;
    throw e;
  }
  return status;
}
