/**
 * Load test of the evaluate endpoint: starts the built server (dist/server/main.js) on
 * loopback with a fresh embedded database (or DATABASE_URL), signs in, creates an API token,
 * and drives POST /api/business-units/trading/rulesets/trading-standard/evaluate with many
 * concurrent clients cycling through the 57 sample customers. Bounded in time.
 *
 *   npm run loadtest -- [--connections 20] [--duration 15] [--write]
 *
 * --write replaces the results section of docs/performance.md.
 */
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const root = fileURLToPath(new URL("../", import.meta.url));
const RULESET_PATH = "/api/business-units/trading/rulesets/trading-standard/evaluate";
const ADMIN_PASSWORD = "loadtest-admin-password";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

const connections = option("connections", 20);
const duration = Math.min(option("duration", 15), 120);
const write = process.argv.includes("--write");

async function startServer(dataDir: string): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(root, "dist/server/main.js")], {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, ADMIN_PASSWORD },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let out = "";
  let requestLines = 0;
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 120 s:\n${out}`)), 120_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      // Request log lines are counted, not kept: thousands arrive per second.
      requestLines += (text.match(/"msg":"request"/g) ?? []).length;
      if (out.length < 10_000) out += text;
      const match = /"msg":"listening","url":"(http:\/\/[^"]+)"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => reject(new Error(`the server exited before listening:\n${out}`)));
  });
  return {
    baseUrl,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      process.stderr.write(`server logged ${requestLines} requests\n`);
    },
  };
}

async function api(baseUrl: string, path: string, init: RequestInit & { cookie?: string; csrf?: string } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (init.cookie) headers.Cookie = init.cookie;
  if (init.csrf) headers["X-CSRF-Token"] = init.csrf;
  const response = await fetch(baseUrl + path, { ...init, headers });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "credit-rules-loadtest-"));
  const server = await startServer(dataDir);
  try {
    const login = await api(server.baseUrl, "/api/auth/login", {
      method: "POST",
      body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const created = await api(server.baseUrl, "/api/business-units/trading/tokens", {
      method: "POST",
      cookie,
      csrf: csrfToken,
      body: JSON.stringify({ name: "loadtest", role: "viewer" }),
    });
    const { token } = (await created.json()) as { token: string };

    const customers = readFileSync(join(root, "test/fixtures/customers-sample.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "");
    const loadBefore = loadavg()[0];
    const result = await autocannon({
      url: server.baseUrl,
      connections,
      duration,
      // Seconds before a request counts as failed (autocannon's default is 10).
      timeout: 30,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      requests: customers.map((body) => ({ method: "POST" as const, path: RULESET_PATH, body })),
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    const report = [
      `| measure | value |`,
      `|---|---|`,
      `| date | ${new Date().toISOString().slice(0, 10)} |`,
      `| machine | ${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, Node ${process.version} |`,
      // Other work on the machine shares the cores with the server and the clients.
      `| load average (1 min) before the run | ${loadBefore.toFixed(1)} |`,
      `| database | ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite (fresh DATA_DIR)"} |`,
      `| concurrent clients | ${connections} |`,
      `| duration | ${result.duration.toFixed(1)} s |`,
      `| requests completed | ${result.requests.total} |`,
      `| throughput | ${result.requests.average.toFixed(0)} req/s (mean) |`,
      `| latency p50 / p90 / p99 / max | ${result.latency.p50} / ${result.latency.p90} / ${result.latency.p99} / ${result.latency.max} ms |`,
      `| errors (connection errors + timeouts + non-2xx) | ${errors} |`,
    ].join("\n");
    process.stdout.write(report + "\n");
    if (write) {
      const file = join(root, "docs/performance.md");
      const doc = readFileSync(file, "utf8");
      const start = doc.indexOf("<!-- loadtest:start -->");
      const end = doc.indexOf("<!-- loadtest:end -->");
      if (start < 0 || end < 0) throw new Error("docs/performance.md lacks the loadtest markers");
      writeFileSync(file, doc.slice(0, start) + "<!-- loadtest:start -->\n" + report + "\n" + doc.slice(end));
    }
    if (errors > 0) process.exitCode = 1;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// A hard stop so a hung server can never keep the run going.
setTimeout(() => {
  process.stderr.write("loadtest: overall time limit reached\n");
  process.exit(2);
}, (duration + 240) * 1000).unref();

main().catch((error: unknown) => {
  process.stderr.write(`loadtest failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
