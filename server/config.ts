/** Configuration from the environment, checked once at start-up with clear messages. */
import { resolve } from "node:path";
import { defaultWorkers } from "../parallel/worker-pool.js";
import { DEFAULT_LIMITS, type Limits } from "./context.js";
import type { DatabaseLocation } from "./db/connect.js";

export interface Config {
  port: number;
  host: string | undefined;
  database: DatabaseLocation;
  adminPassword: string | undefined;
  limits: Limits;
  sessionTtlMs: number;
  secureCookies: boolean;
  /** Worker threads for streamed batch evaluation. */
  evaluationWorkers: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  if (!/^[0-9]+$/.test(text) || Number(text) <= 0) throw new Error(`${name} must be a positive whole number; got "${text}"`);
  return Number(text);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === "" ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number; got "${env.PORT}"`);
  const url = env.DATABASE_URL?.trim();
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new Error("DATABASE_URL must start with postgres:// or postgresql://");
  return {
    port,
    host: env.HOST || undefined,
    database: url ? { url } : { dataDir: resolve(env.DATA_DIR || "data") },
    adminPassword: env.ADMIN_PASSWORD || undefined,
    limits: {
      maxBodyBytes: positiveInt(env, "MAX_BODY_BYTES", DEFAULT_LIMITS.maxBodyBytes),
      maxBatch: positiveInt(env, "MAX_BATCH", DEFAULT_LIMITS.maxBatch),
      maxEvaluationMs: positiveInt(env, "MAX_EVALUATION_MS", DEFAULT_LIMITS.maxEvaluationMs),
      inlineBodyBytes: positiveInt(env, "INLINE_EVALUATION_BYTES", DEFAULT_LIMITS.inlineBodyBytes),
    },
    sessionTtlMs: positiveInt(env, "SESSION_TTL_HOURS", 12) * 3_600_000,
    secureCookies: env.COOKIE_SECURE === "1" || env.COOKIE_SECURE === "true",
    evaluationWorkers: positiveInt(env, "EVALUATION_WORKERS", defaultWorkers()),
  };
}
