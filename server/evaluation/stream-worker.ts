/**
 * An evaluation worker thread of the server: compiles each ruleset version once (cached by the
 * SHA-256 of its source) and turns chunks of JSONL into records (server/evaluation/stream-chunk.ts)
 * and large `{"customers":[…]}` bodies into answers (server/evaluation/batch-body.ts, and
 * impact-body.ts for impact requests).
 */
import { serveTasks } from "../../parallel/serve-tasks.js";
import { compile, type Plan } from "../../engine/index.js";
import { evaluateBatchBody } from "./batch-body.js";
import { impactOnWorker } from "./impact-body.js";
import { portfolioOnWorker } from "./portfolio-impact.js";
import type { PoolResult, PoolTask } from "./evaluation-pool.js";
import { evaluateStreamChunk } from "./stream-chunk.js";

/** Versions in use at once are few; a bound keeps a long-lived worker from collecting them all. */
const MAX_PLANS = 32;

serveTasks<PoolTask, PoolResult>(() => {
  const plans = new Map<string, Plan>();
  const planOf = (version: { sha256: string; source: string }): Plan => {
    let plan = plans.get(version.sha256);
    if (plan) {
      plans.delete(version.sha256);
    } else {
      const compiled = compile(version.source);
      // The main thread compiled the same source before sending it; this cannot fail unless the engines differ.
      if (!compiled.plan) throw new Error(`ruleset version ${version.sha256.slice(0, 12)} does not compile`);
      plan = compiled.plan;
    }
    plans.set(version.sha256, plan);
    if (plans.size > MAX_PLANS) plans.delete(plans.keys().next().value!);
    return plan;
  };
  return {
    run: (task) => {
      if (task.kind === "batch") return evaluateBatchBody(planOf(task), task);
      if (task.kind === "impact") return impactOnWorker(planOf, task);
      if (task.kind === "portfolio") return portfolioOnWorker(planOf, task);
      return evaluateStreamChunk(planOf(task), task);
    },
    transfer: (r) => (r.kind === undefined ? [r.bytes.buffer as ArrayBuffer] : []),
  };
});
