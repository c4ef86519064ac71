/** Entry point of the `credit-rules` binary (bin/credit-rules.js imports the compiled form). */
import { main } from "./program.js";

// A closed pipe (`… | head`) ends the output quietly instead of with a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
} catch (e) {
  process.stderr.write(`credit-rules: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
}
