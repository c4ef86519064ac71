/**
 * An evaluation worker thread of the server: compiles each ruleset version once (cached by the
 * SHA-256 of its source) and turns chunks of JSONL into records (server/evaluation/stream-chunk.ts)
 * and large `{"customers":[…]}` bodies into answers (server/evaluation/batch-body.ts).
 */
import { serveTasks } from "../../parallel/serve-tasks.js";
import { compile, type Plan } from "../../engine/index.js";
import { evaluateBatchBody } from "./batch-body.js";
import type { PoolResult, PoolTask } from "./evaluation-pool.js";
import { evaluateStreamChunk } from "./stream-chunk.js";

/** Versions in use at once are few; a bound keeps a long-lived worker from collecting them all. */
const MAX_PLANS = 32;

serveTasks<PoolTask, PoolResult>(() => {
  const plans = new Map<string, Plan>();
  const planOf = (task: PoolTask): Plan => {
    let plan = plans.get(task.sha256);
    if (plan) {
      plans.delete(task.sha256);
    } else {
      const compiled = compile(task.source);
      // The main thread compiled the same source before sending it; this cannot fail unless the engines differ.
      if (!compiled.plan) throw new Error(`ruleset version ${task.sha256.slice(0, 12)} does not compile`);
      plan = compiled.plan;
    }
    plans.set(task.sha256, plan);
    if (plans.size > MAX_PLANS) plans.delete(plans.keys().next().value!);
    return plan;
  };
  return {
    run: (task) => (task.kind === "batch" ? evaluateBatchBody(planOf(task), task) : evaluateStreamChunk(planOf(task), task)),
    transfer: (r) => (r.kind === "batch" ? [] : [r.bytes.buffer as ArrayBuffer]),
  };
});
