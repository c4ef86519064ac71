/**
 * Throughput of the server's streaming batch endpoint (POST …/evaluate with a JSON-lines body),
 * as a system calling it sees it: a fresh server on embedded PostgreSQL, a bearer token of the
 * unit, the portfolio file streamed in and the records streamed back. The server runs once with
 * one evaluation worker and once with one per core (EVALUATION_WORKERS). Every decision is also
 * written to the decision log, so this counts the database too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { Readable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface StreamRun {
  workers: number;
  customers: number;
  wallSeconds: number;
  perSecond: number;
}

export interface ServerBatchResult {
  customers: number;
  oneWorker: StreamRun;
  allCores: StreamRun;
}

async function waitForHealth(base: string, server: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the server stopped (exit ${server.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer /api/health within 3 minutes:\n${output()}`);
}

/** The first `customers` lines of the portfolio, as a stream of bytes. */
export async function* firstLines(file: string, customers: number): AsyncGenerator<Buffer> {
  let n = 0;
  let lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    lines.push(line);
    if (++n === customers || lines.length === 1000) {
      yield Buffer.from(lines.join("\n") + "\n");
      lines = [];
    }
    if (n === customers) break;
  }
  if (lines.length > 0) yield Buffer.from(lines.join("\n") + "\n");
}

export interface BenchServer {
  base: string;
  /** Headers of the signed-in administrator (cookie and CSRF token). */
  admin: Record<string, string>;
}

/**
 * A fresh built server (dist/server/main.js) on embedded PostgreSQL in `dataDir` (or on the
 * PostgreSQL server of `databaseUrl`) with `workers` evaluation threads, the administrator
 * signed in, for the length of `use`.
 */
export async function withBenchServer<T>(dataDir: string, workers: number, use: (server: BenchServer) => Promise<T>, databaseUrl = ""): Promise<T> {
  const port = 20_000 + (process.pid % 20_000);
  const base = `http://127.0.0.1:${port}`;
  const password = "bench-only-password-1";
  let output = "";
  const server = spawn(process.execPath, [join(root, "dist/server/main.js")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, ADMIN_PASSWORD: password, DATABASE_URL: databaseUrl, EVALUATION_WORKERS: String(workers) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  server.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  try {
    await waitForHealth(base, server, () => output);
    const login = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password }) });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    return await use({ base, admin: { cookie, "x-csrf-token": csrfToken } });
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("close", r));
  }
}

/** One server with `workers` evaluation threads: the portfolio streamed through it once. */
async function streamRun(options: { portfolio: string; customers: number; workers: number; log: (s: string) => void }): Promise<StreamRun> {
  const dataDir = mkdtempSync(join(tmpdir(), "credit-rules-bench-"));
  try {
    return await withBenchServer(dataDir, options.workers, async ({ base, admin }) => {
      const minted = await fetch(`${base}/api/business-units/trading/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json", ...admin },
        body: JSON.stringify({ name: "bench", role: "viewer" }),
      });
      if (!minted.ok) throw new Error(`creating a token failed: ${minted.status} ${await minted.text()}`);
      const { token } = (await minted.json()) as { token: string };
      const url = `${base}/api/business-units/trading/rulesets/trading-standard/evaluate`;
      const send = async (customers: number): Promise<number> => {
        const r = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${token}` },
          body: Readable.toWeb(Readable.from(firstLines(options.portfolio, customers))) as ReadableStream<Uint8Array>,
          duplex: "half",
        } as RequestInit);
        if (!r.ok) throw new Error(`the stream failed: ${r.status} ${(await r.text()).slice(0, 500)}`);
        let records = 0;
        for await (const piece of r.body as unknown as AsyncIterable<Uint8Array>) for (const b of piece) if (b === 10) records++;
        return records;
      };
      await send(2000); // warm-up: starts the workers, compiles the plan in each
      options.log(`  server stream, ${options.workers} evaluation worker(s): ${options.customers} customers...`);
      const t0 = performance.now();
      const decided = await send(options.customers);
      const wallSeconds = (performance.now() - t0) / 1000;
      if (decided !== options.customers) throw new Error(`the stream answered ${decided} records for ${options.customers} customers`);
      return { workers: options.workers, customers: decided, wallSeconds, perSecond: decided / wallSeconds };
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function serverBatchThroughput(options: { portfolio: string; customers: number; cores: number; log: (s: string) => void }): Promise<ServerBatchResult> {
  const oneWorker = await streamRun({ ...options, workers: 1 });
  const allCores = await streamRun({ ...options, workers: options.cores });
  return { customers: options.customers, oneWorker, allCores };
}
