/** A worker thread of `credit-rules impact`: compiles both rulesets once, then compares batches. */
import { compile, type Plan } from "../engine/index.js";
import { impactBatch, type ImpactBatchOptions, type ImpactBatchResult, type ImpactItem } from "./impact-batch.js";
import { serveTasks } from "./ordered-pool-worker.js";

export interface ImpactWorkerInit {
  published: string;
  draft: string;
  options: ImpactBatchOptions;
}

function planOf(source: string, which: string): Plan {
  const { plan } = compile(source);
  if (!plan) throw new Error(`the ${which} ruleset does not compile`);
  return plan;
}

serveTasks<ImpactItem[], ImpactBatchResult>((init) => {
  const { published, draft, options } = init as ImpactWorkerInit;
  const p = planOf(published, "published");
  const d = planOf(draft, "draft");
  return { run: (items) => impactBatch(p, d, items, options) };
});
