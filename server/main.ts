/**
 * `npm start`: the credit-rules server. Embedded PGlite in ./data (or DATA_DIR) unless
 * DATABASE_URL names a PostgreSQL server; API under /api, admin UI at /.
 */
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { readConfig } from "./config.js";
import type { LogEntry } from "./context.js";
import { startOptionsFrom, startServices } from "./services.js";

function log(entry: LogEntry): void {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...entry }) + "\n");
}

async function main(): Promise<void> {
  const config = readConfig();
  const started = await startServices(startOptionsFrom(config, log));
  const { services, seed } = started;
  if (seed.seeded) {
    log({ level: "info", msg: "first start: created business units trading and retail, their reference rulesets (version 1) and the user admin" });
  }
  if (seed.generatedPassword) {
    // Printed once, on purpose in plain text on stderr: it is stored only as a scrypt hash.
    process.stderr.write(`\nadmin password (shown only now): ${seed.generatedPassword}\n\n`);
  }
  const app = createApp(services);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    log({ level: "info", msg: "listening", url: `http://${config.host ?? "localhost"}:${info.port}`, database: services.database.kind, pid: process.pid });
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log({ level: "info", msg: "stopping", signal });
    server.close(() => {
      started.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    // Keep-alive connections can hold close() open; do not wait for them forever.
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`credit-rules server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof Error && error.stack) process.stderr.write(error.stack + "\n");
  process.exit(1);
});
