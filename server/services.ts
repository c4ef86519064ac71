/** Opens the database, applies migrations, seeds a first start, and wires the shared services. */
import type { Config } from "./config.js";
import type { Limits, Logger, Services } from "./context.js";
import { openDatabase, type DatabaseLocation } from "./db/connect.js";
import { runMigrations } from "./db/migrate.js";
import { seedIfEmpty, type SeedResult } from "./db/seed.js";
import { CurrentVersions, VERSIONS_CHANNEL } from "./rulesets/current-versions.js";
import { PlanCache } from "./rulesets/plan-cache.js";
import { RulesetRefs } from "./rulesets/store.js";
import { DecisionWriter } from "./evaluation/decision-writer.js";
import { EvaluationPool } from "./evaluation/evaluation-pool.js";
import { defaultWorkers } from "../parallel/worker-pool.js";
import { TokenCache, TOKENS_CHANNEL } from "./auth/token-cache.js";

export interface StartOptions {
  database: DatabaseLocation;
  adminPassword: string | undefined;
  limits: Limits;
  sessionTtlMs: number;
  secureCookies: boolean;
  /** Worker threads for streamed batches; default: one per core. */
  evaluationWorkers?: number;
  log: Logger;
}

export interface Started {
  services: Services;
  seed: SeedResult;
  close(): Promise<void>;
}

export async function startServices(options: StartOptions): Promise<Started> {
  const database = await openDatabase(options.database);
  const plans = new PlanCache();
  try {
    const seed = await database.withStartupLock(async () => {
      await runMigrations(database);
      return seedIfEmpty(database.db, plans, options.adminPassword);
    });
    const currentVersions = new CurrentVersions(database.db);
    const tokens = new TokenCache();
    // Other server processes on the same database announce publishes here.
    const unlisten = await database.listen(
      VERSIONS_CHANNEL,
      (payload) => {
        const rulesetId = Number(payload);
        if (Number.isInteger(rulesetId)) currentVersions.invalidate(rulesetId);
        else currentVersions.clear();
      },
      // After a lost connection notifications may have been missed: forget everything.
      () => currentVersions.clear(),
    );
    const unlistenTokens = await database.listen(TOKENS_CHANNEL, () => tokens.clear(), () => tokens.clear());
    const services: Services = {
      database,
      db: database.db,
      plans,
      currentVersions,
      tokens,
      rulesetRefs: new RulesetRefs(),
      decisions: new DecisionWriter(database.db),
      evaluationPool: new EvaluationPool(options.evaluationWorkers ?? defaultWorkers()),
      limits: options.limits,
      log: options.log,
      sessionTtlMs: options.sessionTtlMs,
      secureCookies: options.secureCookies,
    };
    return {
      services,
      seed,
      async close() {
        await services.evaluationPool.close();
        await unlisten();
        await unlistenTokens();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

export function startOptionsFrom(config: Config, log: Logger): StartOptions {
  return {
    database: config.database,
    adminPassword: config.adminPassword,
    limits: config.limits,
    sessionTtlMs: config.sessionTtlMs,
    secureCookies: config.secureCookies,
    evaluationWorkers: config.evaluationWorkers,
    log,
  };
}
