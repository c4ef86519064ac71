/** Diagnostics and symbols of the text being edited, from the policy worker, shortly after each change. */
import { useEffect, useRef, useState } from "react";
import { policyWorker } from "../worker/policy-client.js";
import type { AnalyseResult } from "../worker/protocol.js";

export function useAnalysis(source: string, delayMs = 150): AnalyseResult | null {
  const [result, setResult] = useState<AnalyseResult | null>(null);
  const generation = useRef(0);
  useEffect(() => {
    const mine = ++generation.current;
    const timer = setTimeout(() => {
      policyWorker.call("analyse", { source }).then(
        (r) => mine === generation.current && setResult(r),
        (error: Error) => console.error(error),
      );
    }, delayMs);
    return () => clearTimeout(timer);
  }, [source, delayMs]);
  return result;
}
