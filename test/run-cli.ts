/** Runs the command line in-process with in-memory streams: what a user would see, without spawning. */
import { PassThrough, Readable } from "node:stream";
import { main } from "../cli/program.js";

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], stdin = ""): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (b: Buffer) => out.push(b));
  stderr.on("data", (b: Buffer) => err.push(b));
  const status = await main(argv, { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr });
  return { status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}
