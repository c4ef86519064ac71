/**
 * Decisions of the loaded customers under the draft (explained) and under the published
 * version, recomputed in the policy worker whenever the draft changes. Answers that arrive
 * after a newer request are dropped, so the panel never shows results of an older draft.
 */
import { useEffect, useRef, useState } from "react";
import type { EvaluationRecord } from "../../../engine/index.js";
import { policyWorker } from "../worker/policy-client.js";
import { toCustomerInput, type Customer } from "./customers.js";

export interface Decisions {
  draft: EvaluationRecord[] | null;
  published: EvaluationRecord[] | null;
  /** The draft did not compile: the panel keeps showing the last good decisions, marked stale. */
  stale: boolean;
  error: string | null;
}

export function useDecisions(draftSource: string, publishedSource: string | null, customers: Customer[], compiles: boolean): Decisions {
  const [decisions, setDecisions] = useState<Decisions>({ draft: null, published: null, stale: false, error: null });
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    if (customers.length === 0) {
      setDecisions({ draft: null, published: null, stale: false, error: null });
      return;
    }
    if (!compiles) {
      setDecisions((d) => ({ ...d, stale: true }));
      return;
    }
    const inputs = customers.map(toCustomerInput);
    const timer = setTimeout(() => {
      Promise.all([
        policyWorker.call("evaluate", { source: draftSource, customers: inputs, explain: true }),
        publishedSource === null ? Promise.resolve({ records: null }) : policyWorker.call("evaluate", { source: publishedSource, customers: inputs, explain: false }),
      ]).then(
        ([draft, published]) => {
          if (mine !== generation.current) return;
          setDecisions({ draft: draft.records, published: published.records, stale: draft.records === null, error: null });
        },
        (error: Error) => mine === generation.current && setDecisions((d) => ({ ...d, error: error.message })),
      );
    }, 120);
    return () => clearTimeout(timer);
  }, [draftSource, publishedSource, customers, compiles]);

  return decisions;
}
