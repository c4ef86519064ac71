/**
 * Throughput of the server's batch endpoint (POST …/evaluate with {"customers":[…]}), as a
 * system calling it sees it: a fresh server on embedded PostgreSQL, a bearer token of the
 * unit, batches of the largest allowed size sent by as many concurrent clients as cores.
 * Every decision is also written to the decision log, so this counts the database too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface ServerBatchResult {
  customers: number;
  batchSize: number;
  clients: number;
  wallSeconds: number;
  perSecond: number;
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

async function readBatches(file: string, customers: number, size: number): Promise<string[]> {
  const batches: string[] = [];
  let lines: string[] = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    lines.push(line);
    if (++n === customers || lines.length === size) {
      batches.push(`{"customers":[${lines.join(",")}]}`);
      lines = [];
    }
    if (n === customers) break;
  }
  if (lines.length > 0) batches.push(`{"customers":[${lines.join(",")}]}`);
  return batches;
}

export async function serverBatchThroughput(options: { portfolio: string; customers: number; clients: number; log: (s: string) => void }): Promise<ServerBatchResult> {
  const batchSize = 1000;
  const dataDir = mkdtempSync(join(tmpdir(), "credit-rules-bench-"));
  const port = 20_000 + (process.pid % 20_000);
  const base = `http://127.0.0.1:${port}`;
  const password = "bench-only-password-1";
  let output = "";
  const server = spawn(process.execPath, [join(root, "dist/server/main.js")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, ADMIN_PASSWORD: password, DATABASE_URL: "" },
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
    const minted = await fetch(`${base}/api/business-units/trading/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify({ name: "bench", role: "viewer" }),
    });
    if (!minted.ok) throw new Error(`creating a token failed: ${minted.status} ${await minted.text()}`);
    const { token } = (await minted.json()) as { token: string };
    const batches = await readBatches(options.portfolio, options.customers, batchSize);
    const url = `${base}/api/business-units/trading/rulesets/trading-standard/evaluate`;
    const send = async (body: string): Promise<number> => {
      const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
      if (!r.ok) throw new Error(`batch failed: ${r.status} ${(await r.text()).slice(0, 500)}`);
      return ((await r.json()) as { records: unknown[] }).records.length;
    };
    await send(batches[0]); // warm-up: compiles and caches the plan
    options.log(`  server: ${batches.length} batches of ${batchSize}, ${options.clients} clients...`);
    let next = 0;
    let decided = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        while (next < batches.length) {
          const n = await send(batches[next++]);
          decided += n;
        }
      }),
    );
    const wallSeconds = (performance.now() - t0) / 1000;
    return { customers: decided, batchSize, clients: options.clients, wallSeconds, perSecond: decided / wallSeconds };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("close", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
