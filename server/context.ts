/** What every request handler can reach: the database, caches, limits and the caller. */
import type { Database, Db } from "./db/connect.js";
import type { Role } from "./auth/roles.js";
import type { PlanCache } from "./rulesets/plan-cache.js";
import type { CurrentVersions } from "./rulesets/current-versions.js";
import type { TokenCache } from "./auth/token-cache.js";
import type { RulesetRefs } from "./rulesets/store.js";
import type { DecisionWriter } from "./evaluation/decision-writer.js";
import type { EvaluationPool } from "./evaluation/evaluation-pool.js";

export interface Limits {
  /** Largest request body in bytes (413 above). */
  maxBodyBytes: number;
  /** Most customers in one evaluate or impact request (413 above). */
  maxBatch: number;
  /** Wall-clock budget of one evaluate/impact/test-run request in milliseconds (413 when exceeded). */
  maxEvaluationMs: number;
  /**
   * Evaluate bodies up to this many bytes (one customer, a small batch) are decided on the
   * request's thread, where a worker round trip would cost more; larger ones on a worker.
   */
  inlineBodyBytes: number;
}

export const DEFAULT_LIMITS: Limits = { maxBodyBytes: 5 * 1024 * 1024, maxBatch: 1000, maxEvaluationMs: 10_000, inlineBodyBytes: 64 * 1024 };

export interface LogEntry {
  level: "info" | "warn" | "error";
  msg: string;
  [key: string]: unknown;
}

export type Logger = (entry: LogEntry) => void;

export interface Services {
  database: Database;
  db: Db;
  plans: PlanCache;
  currentVersions: CurrentVersions;
  tokens: TokenCache;
  rulesetRefs: RulesetRefs;
  decisions: DecisionWriter;
  /** Worker threads for streamed batches (started on first use). */
  evaluationPool: EvaluationPool;
  limits: Limits;
  log: Logger;
  /** Session lifetime in milliseconds. */
  sessionTtlMs: number;
  /** Whether the session cookie is marked Secure (behind HTTPS). */
  secureCookies: boolean;
}

export interface UserCaller {
  kind: "user";
  userId: number;
  username: string;
  /** Business unit code → the user's role there. */
  roles: Map<string, { unitId: number; role: Role }>;
  sessionHash: string;
  csrfToken: string;
}

export interface TokenCaller {
  kind: "token";
  tokenId: string;
  name: string;
  unitCode: string;
  unitId: number;
  role: Role;
}

export type Caller = UserCaller | TokenCaller;

export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    caller: Caller | null;
  };
}

/** How a caller is named in the audit and decision logs. */
export function callerName(caller: Caller): string {
  return caller.kind === "user" ? caller.username : `token:${caller.name}`;
}
